#include "fit_data.hpp"

#include <algorithm>
#include <set>

#include "families.hpp"
#include "wattlayer/wattlayer.hpp"

namespace wattlayer::fit {

const GpuMeasurements& FitData::gpu(const std::string& id) const {
    const auto it = gpus.find(id);
    if (it == gpus.end()) throw Error("bad_data", "no measurements for '" + id + "' under " + data_dir);
    return it->second;
}

const Architecture* FitData::arch(const std::string& name) const {
    for (const Architecture& a : archs)
        if (a.name == name) return &a;
    return nullptr;
}

const std::string& FitData::family_of(const std::string& name) const {
    const auto it = families.find(name);
    return it == families.end() ? name : it->second;
}

FitData load_fit_data(const std::string& data_dir, size_t subset) {
    FitData data;
    data.data_dir = data_dir;
    data.gpus = load_measurements(data_dir);
    const GpuMeasurements& measured = data.gpu(kMeasuredGpu);
    data.ops = op_rows(measured.ops);
    data.families = load_families(data_dir + "/families.json");

    std::set<int64_t> batches;
    std::map<std::string, std::string> tasks;  // sorted by name
    for (const ModelRecord& r : measured.models) {
        batches.insert(r.batch);
        tasks.emplace(r.model, r.task);
    }
    data.batches.assign(batches.begin(), batches.end());
    for (const auto& [name, task] : tasks) {
        if (subset > 0 && data.archs.size() >= subset) break;
        data.archs.push_back(load_architecture(data_dir + "/onnx/" + name + "_b1.onnx", name, task, data.batches));
    }
    return data;
}

}  // namespace wattlayer::fit
