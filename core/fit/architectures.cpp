#include "architectures.hpp"

#include <algorithm>
#include <fstream>
#include <iterator>

#include "wattlayer/wattlayer.hpp"

namespace wattlayer::fit {

const ArchitectureAtBatch* Architecture::at(int64_t batch) const {
    for (const ArchitectureAtBatch& b : batches)
        if (b.batch == batch) return &b;
    return nullptr;
}

bool Architecture::usable() const {
    for (const ArchitectureAtBatch& b : batches)
        if (!b.shapes_known || !b.batch_applied) return false;
    return true;
}

ArchitectureAtBatch repeated(const ArchitectureAtBatch& single, int64_t batch) {
    ArchitectureAtBatch out = single;
    out.batch = batch;
    out.calls.clear();
    for (int64_t pass = 0; pass < batch; ++pass)
        for (LayerCall c : single.calls) {
            c.layer += static_cast<size_t>(pass) * single.num_layers;
            out.calls.push_back(c);
        }
    out.num_layers = single.num_layers * static_cast<size_t>(batch);
    out.flops = single.flops * static_cast<double>(batch);
    out.bytes = single.bytes * static_cast<double>(batch);
    return out;
}

Architecture load_architecture(const std::string& onnx_path, const std::string& name, const std::string& task,
                               const std::vector<int64_t>& batches) {
    std::ifstream in(onnx_path, std::ios::binary);
    if (!in) throw Error("bad_data", "cannot read " + onnx_path);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    Architecture arch{name, task, {}};
    arch.batches.reserve(batches.size());
    const ArchitectureAtBatch* single = nullptr;  // batch 1, to repeat when the batch cannot be applied
    for (int64_t batch : batches) {
        InspectOptions options;
        options.batch = batch;
        options.file_name = name + ".onnx";
        ModelCalls model = layer_calls(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size(), options);
        const Report& report = model.report;
        ArchitectureAtBatch b;
        b.batch = batch;
        b.calls = std::move(model.calls);
        b.num_layers = report.layers.size();
        b.flops = static_cast<double>(report.total.flops);
        b.bytes = static_cast<double>(report.total.bytes_read + report.total.bytes_written);
        b.shapes_known = report.total.unknown_shape_layers == 0 && report.total.bounded_layers == 0;  // exact: no upper bounds
        b.batch_applied = std::any_of(report.graph_inputs.begin(), report.graph_inputs.end(), [](const GraphInputReport& input) { return input.batch_axis; });
        if (!b.batch_applied && single) b = repeated(*single, batch);
        arch.batches.push_back(std::move(b));
        if (batch == 1) single = &arch.batches.back();
    }
    return arch;
}

}  // namespace wattlayer::fit
