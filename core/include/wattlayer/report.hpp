#pragma once
// The report: the one contract between the core and every consumer (CLI, page, widget, tests).
// `report_json_text` is the only serialisation; the native CLI and the WebAssembly build print it.
#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "wattlayer/dtype.hpp"

namespace wattlayer {

struct ReportStorage;  // where the core keeps a report's strings and shape lists (opaque here)

// One dimension of an inferred shape: a number, a symbol the user has not bound, or unknown.
// 16 bytes: a report holds one per axis of every input and output of every layer.
struct ReportDim {
    int64_t value = -1;  // >= 0 when known
    const std::string_view* symbol_name = nullptr;  // the report's copy of the symbol's name, when symbolic
    // Non-empty when symbolic.
    std::string_view symbol() const { return symbol_name ? *symbol_name : std::string_view(); }
};
// A shape; `known_rank` is false when nothing, not even the rank, could be inferred. Its dims
// live in the report's storage, like every list of the report's layers.
struct ReportShape {
    bool known_rank = false;
    bool bounded = false;  // dims at the upper bound of a data-dependent size, not exact
    std::span<const ReportDim> dims;
    bool fully_known() const;
};

// Names are views into the report's storage; the category into a static table.
struct LayerReport {
    std::string_view name;
    std::string_view op;
    std::string_view domain;
    std::string_view category;
    std::optional<DType> dtype;  // element type of the first output; none when it has no first output
    std::span<const ReportShape> inputs;   // one per input (an omitted optional input: unknown rank)
    std::span<const ReportShape> outputs;  // omitted outputs are skipped
    int64_t flops = 0;
    int64_t params = 0;
    int64_t bytes_read = 0;    // activations and weights
    int64_t weight_bytes = 0;  // the part of bytes_read that is weights (initializers)
    int64_t bytes_written = 0;
    bool shape_known = true;   // false when an output shape is not fully known: costs are then 0
    bool bounded = false;      // shapes at the upper bound of a data-dependent size: costs are a bound
    bool bounds_size = false;  // its own output size is such a bound (what --size sets): a source
    size_t node = 0;           // index of the layer's node in the model's graph (not serialised)
    // Filled by an estimate (a hardware profile applied); absent from inspect reports.
    std::optional<double> energy_j;
    std::optional<double> time_s;
    // What bounds its kernels' GPU time: "compute" when FLOPs over the profile's rate outweigh
    // bytes over its bandwidth, else "memory"; empty for layers without a kernel or in inspect.
    std::string_view bound;
};

// What makes a report less than exact or less than measured, in the order reports list them.
enum class WarningCode : uint8_t {
    BatchAsPasses, BatchConflict, BatchAssumed, DimAssumed, DanglingInput, UnusedDim, UnusedSize,  // inputs, --batch, --dim, --size
    UnknownOperator, DataDependent, DataDependentBound, LoopBound, BatchNotRewritten, BatchBaked, ShapeError,  // layers
    DeclaredShape, UnknownShape, Subgraphs,
    PrecisionFromFile, PrecisionMismatch, Int8AsFp16,                            // the profile
    ExtrapolatedBatch, TransferredProfile, UnmeasuredProfile, UnfittedLayers,
    NoKvCache, DecodeExtrapolated,                                               // generation
};
inline constexpr size_t kWarningCodes = 27;
// "unknown_operator", ...: the codes of the JSON report (core/docs/features.md).
std::string_view warning_code_name(WarningCode code);

struct Warning {
    WarningCode code;
    std::string message;
    std::vector<std::string> layers;  // the layers concerned, when there are any
};

struct ModelSummary {
    std::string name;
    std::string format;
    int64_t opset = 0;
    std::string producer;
    int64_t nodes = 0;            // nodes of the main graph, as in the file
    int64_t subgraph_nodes = 0;   // nodes inside If/Loop/Scan bodies (counted, not costed)
    FilePrecision precision = FilePrecision::FP32;  // what the file computes in
    std::array<double, kFilePrecisions> precision_shares{};  // of the FLOPs, by FilePrecision
};

struct Totals {
    int64_t flops = 0;
    int64_t params = 0;  // unique parameters: a weight shared by two layers counts once
    int64_t bytes_read = 0;
    int64_t bytes_written = 0;
    int64_t layers = 0;
    int64_t unknown_shape_layers = 0;
    int64_t unknown_operator_layers = 0;  // layers of operators outside the registry (costed as 0)
    int64_t bounded_layers = 0;  // layers costed at the upper bound of a data-dependent size
    int64_t bounded_flops = 0;   // their FLOPs
    int64_t folded_nodes = 0;  // shape computations evaluated while inferring, not layers
    // Every layer's shape exact and every operator known: the totals are the model's, not a
    // lower or an upper bound.
    bool complete() const { return unknown_shape_layers == 0 && unknown_operator_layers == 0 && bounded_layers == 0; }
};

// What an estimate adds to the report: the profile used and the energy totals.
struct EnergyTotals {
    std::string hardware_id;
    std::string hardware_name;
    std::string source;     // measured or transferred
    std::string runtime;
    Precision precision = Precision::FP32;
    bool extrapolated_batch = false;  // the batch size is not one the profile was measured at
    double energy_j = 0;
    double time_s = 0;
    double energy_j_low = 0;   // interval from the cross-validated residuals
    double energy_j_high = 0;
    double overhead_energy_j = 0;
    double overhead_time_s = 0;
    double fitted_flops_share = 1;   // FLOPs in layers of fitted classes / all FLOPs
    double fitted_layers_share = 1;  // layers of fitted classes / all layers
};

// A graph input (initializers apart) as the estimate used it: its shape with the batch and the
// bound symbols applied; `batch_axis` when its leading axis is the batch (set by --batch).
struct GraphInputReport {
    std::string_view name;
    DType dtype = DType::Undefined;
    ReportShape shape;
    bool batch_axis = false;
    bool kv_cache = false;  // a decoder's KV cache input (estimate --prompt/--generate use it)
};

// A symbolic input dimension that nothing set, and the size the estimate assumed for it.
struct AssumedDimReport {
    std::string name;
    int64_t value = 0;
};

// One forward pass of text generation: the prefill of the prompt, or one decode step.
struct GenerationPhase {
    int64_t context = 0;     // tokens in the KV cache before the pass (0 for the prefill)
    int64_t new_tokens = 0;  // tokens the pass computes per sequence
    int64_t flops = 0;
    int64_t bytes = 0;       // read and written
    double energy_j = 0;
    double time_s = 0;
};

// One layer of a decode step.
struct DecodeLayerReport {
    std::string name;
    std::string op;
    std::string bound;
    int64_t flops = 0;
    int64_t bytes = 0;
    double energy_j = 0;
    double time_s = 0;
};

// An answer's generation (estimate_generation): the prefill of a P-token prompt, then one decode
// step per further output token, each with a cache one token longer.
struct GenerationReport {
    int64_t prompt_tokens = 0;
    int64_t output_tokens = 0;   // per sequence; the prefill yields the first
    bool kv_cache = false;       // false: no cache inputs, only the prefill is estimated
    std::string form;            // "cache_inputs", "merged_if" (an If on a use-cache flag) or "none"
    std::vector<std::string> cache_inputs;
    std::string sequence_symbol, past_symbol, total_symbol;  // as the inputs name them; "" when absent
    std::string branch_input;    // the merged form's flag input
    GenerationPhase prefill;
    std::vector<GenerationPhase> decode;  // the decode steps estimated, by context, first and last included
    double decode_energy_j = 0;  // every decode step, interpolated between those estimated
    double decode_time_s = 0;
    double energy_j = 0;         // the whole answer: prefill and decode (without a cache, the prefill)
    double time_s = 0;
    double joules_per_1000_output_tokens = 0;  // over every sequence of the batch; 0 without a cache
    std::vector<DecodeLayerReport> decode_layers;  // the first decode step
};

struct Report {
    ModelSummary model;
    int64_t batch = 1;
    std::vector<AssumedDimReport> assumed_dims;  // in the order the inputs name them
    std::vector<GraphInputReport> graph_inputs;
    std::vector<LayerReport> layers;
    std::vector<ReportShape> graph_outputs;        // inferred shapes of the graph outputs
    std::vector<std::string> graph_output_names;
    Totals total;
    std::optional<EnergyTotals> energy;  // present in estimate reports
    std::optional<GenerationReport> generation;  // present in generation estimates: the layers are the prefill's
    std::vector<Warning> warnings;
    // Owns the characters of the layer names and symbols above, and the shapes' lists; shared by
    // copies of the report.
    std::shared_ptr<ReportStorage> storage;

    Report();
};

// The report as JSON text, indented by 2 (keys in core/docs/features.md). A model file may name
// things with any bytes: those that are not UTF-8 become U+FFFD instead of failing the report.
std::string report_json_text(const Report& report);
// "1x3x224x224": "?" for an unknown dimension or rank, a symbol by its name, "scalar" for rank 0.
std::string report_shape_text(const ReportShape& shape);
// One line per layer (name, op, category, dtype, shapes, costs; energy_j and time_s for an
// estimate, at full precision), for spreadsheets: the CLI's --format csv and the page's export.
std::string report_csv_text(const Report& report);
// {"error":{"code","message"}}, laid out as a report.
std::string error_json_text(const std::string& code, const std::string& message);

}  // namespace wattlayer
