// The report as JSON text: the contract every consumer reads (core/docs/features.md lists its keys).
#include "report/json_writer.hpp"
#include "wattlayer/report.hpp"

namespace wattlayer {

bool ReportShape::fully_known() const {
    if (!known_rank) return false;
    for (const auto& d : dims)
        if (d.value < 0) return false;
    return true;
}

namespace {

// [1, 3, 224, 224]; a symbol stays a string, an unknown dimension is null; unknown rank is null.
void write_shape(JsonWriter& w, const ReportShape& shape) {
    if (!shape.known_rank) return w.null();
    w.begin_array();
    for (const auto& d : shape.dims) {
        if (d.value >= 0) w.value(d.value);
        else if (!d.symbol().empty()) w.value(d.symbol());
        else w.null();
    }
    w.end_array();
}

void write_shapes(JsonWriter& w, std::span<const ReportShape> shapes) {
    w.begin_array();
    for (const auto& s : shapes) write_shape(w, s);
    w.end_array();
}

void write_model(JsonWriter& w, const ModelSummary& m) {
    w.begin_object();
    w.key("name"), w.value(m.name);
    w.key("format"), w.value(m.format);
    w.key("opset"), w.value(m.opset);
    w.key("producer"), w.value(m.producer);
    w.key("nodes"), w.value(m.nodes);
    w.key("subgraph_nodes"), w.value(m.subgraph_nodes);
    w.key("precision"), w.value(file_precision_name(m.precision));
    w.key("precision_shares"), w.begin_object();  // the precisions with FLOPs only
    for (size_t i = 0; i < kFilePrecisions; ++i)
        if (m.precision_shares[i] > 0) w.key(file_precision_name(static_cast<FilePrecision>(i))), w.value(m.precision_shares[i]);
    w.end_object();
    w.end_object();
}

void write_hardware(JsonWriter& w, const EnergyTotals& e) {
    w.begin_object();
    w.key("id"), w.value(e.hardware_id);
    w.key("name"), w.value(e.hardware_name);
    w.key("source"), w.value(e.source);
    w.key("runtime"), w.value(e.runtime);
    w.key("precision"), w.value(precision_name(e.precision));
    w.key("extrapolated_batch"), w.value(e.extrapolated_batch);
    w.end_object();
}

void write_layer(JsonWriter& w, const LayerReport& l) {
    w.begin_object();
    w.key("name"), w.value(l.name);
    w.key("op"), w.value(l.op);
    if (!l.domain.empty()) w.key("domain"), w.value(l.domain);
    w.key("category"), w.value(l.category);
    w.key("dtype"), w.value(l.dtype ? dtype_name(*l.dtype) : "");
    w.key("inputs"), write_shapes(w, l.inputs);
    w.key("outputs"), write_shapes(w, l.outputs);
    w.key("flops"), w.value(l.flops);
    w.key("params"), w.value(l.params);
    w.key("bytes_read"), w.value(l.bytes_read);
    w.key("weight_bytes"), w.value(l.weight_bytes);
    w.key("bytes_written"), w.value(l.bytes_written);
    w.key("shape_known"), w.value(l.shape_known);
    if (l.bounded) w.key("bounded"), w.value(true);  // only where they apply: rare, and the layer list is most of a report
    if (l.bounds_size) w.key("bounds_size"), w.value(true);
    if (l.energy_j) w.key("energy_j"), w.value(*l.energy_j);
    if (l.time_s) w.key("time_s"), w.value(*l.time_s);
    if (!l.bound.empty()) w.key("bound"), w.value(l.bound);
    w.end_object();
}

void write_phase(JsonWriter& w, const GenerationPhase& p) {
    w.begin_object();
    w.key("context"), w.value(p.context);
    w.key("new_tokens"), w.value(p.new_tokens);
    w.key("flops"), w.value(p.flops);
    w.key("bytes"), w.value(p.bytes);
    w.key("energy_j"), w.value(p.energy_j);
    w.key("time_s"), w.value(p.time_s);
    w.end_object();
}

void write_generation(JsonWriter& w, const GenerationReport& g) {
    w.begin_object();
    w.key("prompt_tokens"), w.value(g.prompt_tokens);
    w.key("output_tokens"), w.value(g.output_tokens);
    w.key("kv_cache"), w.value(g.kv_cache);
    w.key("form"), w.value(g.form);
    w.key("cache_inputs"), w.begin_array();
    for (const std::string& name : g.cache_inputs) w.value(name);
    w.end_array();
    w.key("symbols"), w.begin_object();
    w.key("sequence"), w.value(g.sequence_symbol);
    w.key("past"), w.value(g.past_symbol);
    w.key("total"), w.value(g.total_symbol);
    w.end_object();
    w.key("branch_input"), w.value(g.branch_input);
    w.key("prefill"), write_phase(w, g.prefill);
    w.key("decode"), w.begin_array();
    for (const GenerationPhase& p : g.decode) write_phase(w, p);
    w.end_array();
    w.key("decode_energy_j"), w.value(g.decode_energy_j);
    w.key("decode_time_s"), w.value(g.decode_time_s);
    w.key("energy_j"), w.value(g.energy_j);
    w.key("time_s"), w.value(g.time_s);
    w.key("joules_per_1000_output_tokens"), w.value(g.joules_per_1000_output_tokens);
    w.key("decode_layers"), w.begin_array();
    for (const DecodeLayerReport& l : g.decode_layers) {
        w.begin_object();
        w.key("name"), w.value(l.name);
        w.key("op"), w.value(l.op);
        w.key("flops"), w.value(l.flops);
        w.key("bytes"), w.value(l.bytes);
        w.key("energy_j"), w.value(l.energy_j);
        w.key("time_s"), w.value(l.time_s);
        if (!l.bound.empty()) w.key("bound"), w.value(l.bound);
        w.end_object();
    }
    w.end_array();
    w.end_object();
}

void write_total(JsonWriter& w, const Totals& t, const std::optional<EnergyTotals>& energy) {
    w.begin_object();
    w.key("flops"), w.value(t.flops);
    w.key("params"), w.value(t.params);
    w.key("bytes_read"), w.value(t.bytes_read);
    w.key("bytes_written"), w.value(t.bytes_written);
    w.key("layers"), w.value(t.layers);
    w.key("unknown_shape_layers"), w.value(t.unknown_shape_layers);
    w.key("unknown_operator_layers"), w.value(t.unknown_operator_layers);
    w.key("bounded_layers"), w.value(t.bounded_layers);
    w.key("bounded_flops"), w.value(t.bounded_flops);
    w.key("folded_nodes"), w.value(t.folded_nodes);
    w.key("complete"), w.value(t.complete());
    if (energy) {
        const EnergyTotals& e = *energy;
        w.key("energy_j"), w.value(e.energy_j);
        w.key("time_s"), w.value(e.time_s);
        w.key("energy_j_low"), w.value(e.energy_j_low);
        w.key("energy_j_high"), w.value(e.energy_j_high);
        w.key("overhead_energy_j"), w.value(e.overhead_energy_j);
        w.key("overhead_time_s"), w.value(e.overhead_time_s);
        w.key("fitted_flops_share"), w.value(e.fitted_flops_share);
        w.key("fitted_layers_share"), w.value(e.fitted_layers_share);
    }
    w.end_object();
}

void write_warning(JsonWriter& w, const Warning& warning) {
    w.begin_object();
    w.key("code"), w.value(warning_code_name(warning.code));
    w.key("message"), w.value(warning.message);
    if (!warning.layers.empty()) {
        w.key("layers"), w.begin_array();
        for (const auto& name : warning.layers) w.value(name);
        w.end_array();
    }
    w.end_object();
}

}  // namespace

std::string report_json_text(const Report& r) {
    std::string text;
    text.reserve(512 + 640 * r.layers.size());
    JsonWriter w(text);
    w.begin_object();
    w.key("model"), write_model(w, r.model);
    w.key("batch"), w.value(r.batch);
    w.key("assumed_dims"), w.begin_object();
    for (const auto& a : r.assumed_dims) w.key(a.name), w.value(a.value);
    w.end_object();
    if (r.energy) w.key("hardware"), write_hardware(w, *r.energy);
    w.key("graph_inputs"), w.begin_array();
    for (const auto& in : r.graph_inputs) {
        w.begin_object();
        w.key("name"), w.value(in.name);
        w.key("dtype"), w.value(dtype_name(in.dtype));
        w.key("shape"), write_shape(w, in.shape);
        w.key("batch_axis"), w.value(in.batch_axis);
        if (in.kv_cache) w.key("kv_cache"), w.value(true);  // only on a cache input, like "bounded" on a layer
        w.end_object();
    }
    w.end_array();
    w.key("layers"), w.begin_array();
    for (const auto& l : r.layers) write_layer(w, l);
    w.end_array();
    w.key("graph_outputs"), w.begin_array();
    for (size_t i = 0; i < r.graph_outputs.size(); ++i) {
        w.begin_object();
        w.key("name"), w.value(r.graph_output_names[i]);
        w.key("shape"), write_shape(w, r.graph_outputs[i]);
        if (r.graph_outputs[i].bounded) w.key("bounded"), w.value(true);
        w.end_object();
    }
    w.end_array();
    w.key("total"), write_total(w, r.total, r.energy);
    if (r.generation) w.key("generation"), write_generation(w, *r.generation);
    w.key("warnings"), w.begin_array();
    for (const auto& warning : r.warnings) write_warning(w, warning);
    w.end_array();
    w.end_object();
    return text;
}

std::string error_json_text(const std::string& code, const std::string& message) {
    std::string text;
    JsonWriter w(text);
    w.begin_object();
    w.key("error"), w.begin_object();
    w.key("code"), w.value(code);
    w.key("message"), w.value(message);
    w.end_object();
    w.end_object();
    return text;
}


std::string_view warning_code_name(WarningCode code) {
    switch (code) {
        case WarningCode::BatchConflict: return "batch_conflict";
        case WarningCode::BatchAssumed: return "batch_assumed";
        case WarningCode::DimAssumed: return "dim_assumed";
        case WarningCode::BatchAsPasses: return "batch_as_passes";
        case WarningCode::DanglingInput: return "dangling_input";
        case WarningCode::UnusedDim: return "unused_dim";
        case WarningCode::UnusedSize: return "unused_size";
        case WarningCode::UnknownOperator: return "unknown_operator";
        case WarningCode::DataDependent: return "data_dependent";
        case WarningCode::DataDependentBound: return "data_dependent_bound";
        case WarningCode::LoopBound: return "loop_bound";
        case WarningCode::BatchNotRewritten: return "batch_not_rewritten";
        case WarningCode::BatchBaked: return "batch_baked";
        case WarningCode::ShapeError: return "shape_error";
        case WarningCode::DeclaredShape: return "declared_shape";
        case WarningCode::UnknownShape: return "unknown_shape";
        case WarningCode::Subgraphs: return "subgraphs";
        case WarningCode::PrecisionFromFile: return "precision_from_file";
        case WarningCode::PrecisionMismatch: return "precision_mismatch";
        case WarningCode::Int8AsFp16: return "int8_as_fp16";
        case WarningCode::ExtrapolatedBatch: return "extrapolated_batch";
        case WarningCode::TransferredProfile: return "transferred_profile";
        case WarningCode::UnmeasuredProfile: return "unmeasured_profile";
        case WarningCode::UnfittedLayers: return "unfitted_layers";
        case WarningCode::NoKvCache: return "no_kv_cache";
        case WarningCode::DecodeExtrapolated: return "decode_extrapolated";
    }
    return "unknown";
}

}  // namespace wattlayer
