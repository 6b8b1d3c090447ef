#include "wattlayer/report.hpp"

namespace wattlayer {

using nlohmann::ordered_json;

bool ReportShape::fully_known() const {
    if (!known_rank) return false;
    for (const auto& d : dims)
        if (d.value < 0) return false;
    return true;
}

// [1, 3, 224, 224]; a symbol stays a string, an unknown dimension is null; unknown rank is null.
ordered_json shape_to_json(const ReportShape& shape) {
    if (!shape.known_rank) return nullptr;
    ordered_json dims = ordered_json::array();
    for (const auto& d : shape.dims) {
        if (d.value >= 0) dims.push_back(d.value);
        else if (!d.symbol().empty()) dims.push_back(d.symbol());
        else dims.push_back(nullptr);
    }
    return dims;
}

namespace {

ordered_json shapes_to_json(Span<ReportShape> shapes) {
    ordered_json out = ordered_json::array();
    for (const auto& s : shapes) out.push_back(shape_to_json(s));
    return out;
}

}  // namespace

ordered_json report_to_json(const Report& r) {
    ordered_json j;
    j["model"] = {{"name", r.model.name}, {"format", r.model.format}, {"opset", r.model.opset},
                  {"producer", r.model.producer}, {"nodes", r.model.nodes}, {"subgraph_nodes", r.model.subgraph_nodes}};
    j["batch"] = r.batch;
    if (r.energy)
        j["hardware"] = {{"id", r.energy->hardware_id}, {"name", r.energy->hardware_name}, {"source", r.energy->source},
                         {"runtime", r.energy->runtime}, {"precision", r.energy->precision},
                         {"extrapolated_batch", r.energy->extrapolated_batch}};
    ordered_json inputs = ordered_json::array();
    for (const auto& in : r.graph_inputs)
        inputs.push_back({{"name", in.name}, {"dtype", in.dtype}, {"shape", shape_to_json(in.shape)}, {"batch_axis", in.batch_axis}});
    j["graph_inputs"] = std::move(inputs);
    ordered_json layers = ordered_json::array();
    for (const auto& l : r.layers) {
        ordered_json layer;
        layer["name"] = l.name;
        layer["op"] = l.op;
        if (!l.domain.empty()) layer["domain"] = l.domain;
        layer["category"] = l.category;
        layer["dtype"] = l.dtype;
        layer["inputs"] = shapes_to_json(l.inputs);
        layer["outputs"] = shapes_to_json(l.outputs);
        layer["flops"] = l.flops;
        layer["params"] = l.params;
        layer["bytes_read"] = l.bytes_read;
        layer["weight_bytes"] = l.weight_bytes;
        layer["bytes_written"] = l.bytes_written;
        layer["shape_known"] = l.shape_known;
        if (l.energy_j) layer["energy_j"] = *l.energy_j;
        if (l.time_s) layer["time_s"] = *l.time_s;
        layers.push_back(std::move(layer));
    }
    j["layers"] = std::move(layers);
    ordered_json outputs = ordered_json::array();
    for (size_t i = 0; i < r.graph_outputs.size(); ++i)
        outputs.push_back({{"name", r.graph_output_names[i]}, {"shape", shape_to_json(r.graph_outputs[i])}});
    j["graph_outputs"] = std::move(outputs);
    j["total"] = {{"flops", r.total.flops}, {"params", r.total.params}, {"bytes_read", r.total.bytes_read},
                  {"bytes_written", r.total.bytes_written}, {"layers", r.total.layers},
                  {"unknown_shape_layers", r.total.unknown_shape_layers}, {"folded_nodes", r.total.folded_nodes}};
    if (r.energy) {
        const EnergyTotals& e = *r.energy;
        ordered_json& t = j["total"];
        t["energy_j"] = e.energy_j;
        t["time_s"] = e.time_s;
        t["energy_j_low"] = e.energy_j_low;
        t["energy_j_high"] = e.energy_j_high;
        t["overhead_energy_j"] = e.overhead_energy_j;
        t["overhead_time_s"] = e.overhead_time_s;
        t["fitted_flops_share"] = e.fitted_flops_share;
        t["fitted_layers_share"] = e.fitted_layers_share;
    }
    ordered_json warnings = ordered_json::array();
    for (const auto& w : r.warnings) {
        ordered_json wj = {{"code", w.code}, {"message", w.message}};
        if (!w.layers.empty()) wj["layers"] = w.layers;
        warnings.push_back(std::move(wj));
    }
    j["warnings"] = std::move(warnings);
    return j;
}

ordered_json error_to_json(const std::string& code, const std::string& message) {
    return {{"error", {{"code", code}, {"message", message}}}};
}

std::string to_json_text(const nlohmann::ordered_json& j) {
    return j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace wattlayer
