// The report stage (build_report), and inspect: bytes -> reader -> graph -> shapes -> costs -> report.
#include "wattlayer/inspect.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <set>

#include "core_strings.hpp"
#include "energy/file_precision.hpp"
#include "infer/control_flow.hpp"
#include "io/readers.hpp"
#include "model/kv_cache.hpp"
#include "pipeline.hpp"
#include "report/report_storage.hpp"
#include "wattlayer/error.hpp"

namespace wattlayer {
namespace {

constexpr size_t kMaxNamedLayers = 100;  // a warning names at most this many layers

// The names of the inference's symbolic dimensions, stored once in the report's arena (which
// report dimensions point into); entry 0 (no symbol) is empty.
const std::string_view* store_symbols(const SymbolTable& symbols, Arena& strings) {
    std::string_view* stored = strings.allocate<std::string_view>(symbols.size());
    for (size_t i = 0; i < symbols.size(); ++i) stored[i] = strings.store(symbols[i]);
    return stored;
}

// Writes `out` in place: a ReportShape returned from a call comes back through memory and is
// reloaded whole, a store-forwarding stall.
// `symbols`: store_symbols(inf.symbols). Always inlined: it runs for every input and output of
// every layer.
[[gnu::always_inline]] inline void set_report_shape(ReportShape& out, const Value& v, const std::string_view* symbols, Arena& strings) {
    ReportDim* dims = strings.allocate<ReportDim>(v.dims.size());
    for (size_t i = 0; i < v.dims.size(); ++i) dims[i] = {v.dims[i].value, &symbols[v.dims[i].symbol]};
    out.known_rank = v.has_rank;
    out.bounded = v.bounded;
    out.dims = {dims, v.dims.size()};
}

// The shapes of some values (kNone: an omitted input), stored in the report's arena.
template <typename Ids>
std::span<const ReportShape> to_report_shapes(const Ids& ids, const Inference& inf, const std::string_view* symbols, Arena& strings,
                                   bool skip_omitted) {
    size_t count = 0;
    for (size_t id : ids) count += id != Inference::kNone || !skip_omitted;
    ReportShape* shapes = strings.allocate<ReportShape>(count);
    size_t at = 0;
    for (size_t id : ids) {
        if (id != Inference::kNone) set_report_shape(shapes[at++], inf.values[id], symbols, strings);
        else if (!skip_omitted) shapes[at++] = ReportShape{};
    }
    return {shapes, count};
}

int64_t count_subgraph_nodes(const Graph& g) {
    int64_t n = 0;
    for (const auto& node : g.nodes)
        for (const auto& a : node.attributes)
            for (const Graph* sub : a.graphs) n += static_cast<int64_t>(sub->nodes.size()) + count_subgraph_nodes(*sub);
    return n;
}

std::string base_name(const std::string& path) {
    const size_t slash = path.find_last_of("/\\");
    std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
    const size_t dot = name.find_last_of('.');
    return dot == std::string::npos || dot == 0 ? name : name.substr(0, dot);
}

// "com.microsoft::Attention-1": the domain (none for ai.onnx), the operator and the version of its
// domain that the file imports, as ONNX registers operators.
std::string operator_label(const Model& model, const Node& node) {
    const std::string_view domain = node.domain == "ai.onnx" ? std::string_view() : node.domain;
    int64_t version = 0;
    for (const OpsetImport& o : model.opsets)
        if (o.domain == domain || (domain.empty() && o.domain == "ai.onnx")) version = o.version;
    std::string label = domain.empty() ? std::string(node.op) : std::string(domain) + "::" + std::string(node.op);
    return version > 0 ? label + "-" + std::to_string(version) : label;
}

// Collects the layers behind each kind of warning.
class WarningList {
public:
    void add(WarningCode code, std::string_view layer) {
        Entry& e = entries_[static_cast<size_t>(code)];
        if (e.layers.size() < kMaxNamedLayers) e.layers.emplace_back(layer);
        ++e.count;
    }
    int64_t count(WarningCode code) const { return entries_[static_cast<size_t>(code)].count; }
    void emit(std::vector<Warning>& out, WarningCode code, const std::string& message) const {
        if (!count(code)) return;
        out.push_back({code, message, entries_[static_cast<size_t>(code)].layers});
    }

private:
    struct Entry {
        std::vector<std::string> layers;
        int64_t count = 0;
    };
    std::array<Entry, kWarningCodes> entries_;
};

}  // namespace

Report::Report() : storage(std::make_shared<ReportStorage>()) {}

Model read_model(const uint8_t* data, size_t size, const std::string& file_name) {
    return read_any(data, size, file_name, Names::Copy);
}

Report build_report(const Model& model, const InspectOptions& options, const Inference& inf, const LayerCosts& costs) {
    Report report;
    report.model = {model.name.empty() ? base_name(options.file_name) : model.name, model.format, model.default_opset(),
                    model.producer, static_cast<int64_t>(model.graph.nodes.size()),
                    // Every subgraph is kept in the store: without one, no attribute needs a look.
                    model.store->graphs.size() == 0 ? 0 : count_subgraph_nodes(model.graph)};
    const FileCompute compute = file_compute(model, inf, costs);
    report.model.precision = compute.precision;
    report.model.precision_shares = compute.shares;
    report.batch = inf.batch * inf.passes;  // one of them is 1
    for (const AssumedDim& a : inf.assumed_dims) report.assumed_dims.push_back({a.name, a.value});
    report.warnings = inf.warnings;
    report.total = costs.total;
    Arena& strings = *report.storage;
    const std::string_view* symbols = store_symbols(inf.symbols, strings);
    report.layers.reserve(costs.layers.size());

    WarningList warned;
    std::map<std::string, int64_t> unknown_ops;
    std::set<std::string_view> bounded_loops;
    for (const LayerCost& cost : costs.layers) {
        const size_t n = cost.node;
        const Node& node = model.graph.nodes[n];
        const NodeOutcome& outcome = inf.nodes[n];
        LayerReport& layer = report.layers.emplace_back();  // built in place: a layer report is 200 bytes
        layer.name = node.name.empty() ? strings.store(std::string(node.op) + "_" + std::to_string(n)) : strings.store(node.name);
        // A known operator's name is the registry's, which lives as long as the program.
        layer.op = outcome.rule && same_name(outcome.rule->op, node.op) ? outcome.rule->op : strings.store(node.op);
        layer.domain = strings.store(node.domain);
        layer.category = outcome.rule ? category_name(outcome.rule->category) : "other";
        layer.inputs = to_report_shapes(outcome.inputs, inf, symbols, strings, false);
        layer.outputs = to_report_shapes(outcome.outputs, inf, symbols, strings, true);
        if (!outcome.outputs.empty() && outcome.outputs[0] != Inference::kNone)
            layer.dtype = inf.values[outcome.outputs[0]].dtype;
        layer.shape_known = outcome.shape_known;
        layer.bounded = outcome.bounded;
        layer.bounds_size = outcome.bounds_size;
        layer.node = n;
        layer.flops = cost.flops;
        layer.params = cost.params;
        layer.bytes_read = cost.bytes_read;
        layer.weight_bytes = cost.weight_bytes;
        layer.bytes_written = cost.bytes_written;

        if (!outcome.rule) {
            ++unknown_ops[operator_label(model, node)];
            warned.add(WarningCode::UnknownOperator, layer.name);
        }
        if (outcome.data_dependent) warned.add(WarningCode::DataDependent, layer.name);
        if (outcome.bounds_size) warned.add(WarningCode::DataDependentBound, layer.name);
        if (!node.bounded_loop.empty() && bounded_loops.insert(node.bounded_loop).second) warned.add(WarningCode::LoopBound, node.bounded_loop);
        const Span<std::string> notes = inf.notes_of(outcome);
        if (outcome.batch_unrewritten) warned.add(WarningCode::BatchNotRewritten, layer.name);
        else if (outcome.batch_baked) warned.add(WarningCode::BatchBaked, layer.name);
        if (outcome.used_declared_shape) warned.add(WarningCode::DeclaredShape, layer.name);
        if (!outcome.shape_known) {
            if (!outcome.data_dependent && outcome.rule && !notes.empty())
                warned.add(WarningCode::ShapeError, std::string(layer.name) + ": " + notes[0]);
            warned.add(WarningCode::UnknownShape, layer.name);
        }
    }

    std::string ops;
    for (const auto& [op, count] : unknown_ops) ops += (ops.empty() ? "" : ", ") + op + " x" + std::to_string(count);
    warned.emit(report.warnings, WarningCode::UnknownOperator, "operators outside the registry, counted as 0 FLOPs: " + ops);
    warned.emit(report.warnings, WarningCode::DataDependent,
                "output shapes that depend on tensor values (data-dependent): these layers and those fed by them have unknown shapes");
    warned.emit(report.warnings, WarningCode::DataDependentBound,
                "output sizes that depend on tensor values are set to the most they can be (every box kept by NonMaxSuppression, every "
                "element by NonZero, ...): " + std::to_string(report.total.bounded_layers) +
                    " layers are costed at that bound, an upper bound; set a size with --size NAME=N, NAME a layer below or an operator "
                    "(e.g. --size NonMaxSuppression=100)");
    warned.emit(report.warnings, WarningCode::LoopBound,
                "these loops may stop before their last iteration (a condition computed from the data, or a trip count that is a bound): "
                "every iteration they can run is costed, an upper bound");
    warned.emit(report.warnings, WarningCode::BatchNotRewritten,
                "the exported batch size is baked into these layers' shape constants and could not be rewritten to " + std::to_string(inf.batch));
    warned.emit(report.warnings, WarningCode::BatchBaked,
                "these layers keep a tensor at the exported batch size (a batch rewrite carried through them)");
    warned.emit(report.warnings, WarningCode::ShapeError, "shapes that could not be inferred");
    warned.emit(report.warnings, WarningCode::DeclaredShape, "shapes taken from the file's declarations, not inferred");
    warned.emit(report.warnings, WarningCode::UnknownShape,
                std::to_string(warned.count(WarningCode::UnknownShape)) + " layers have unknown output shapes: their costs are counted as 0");
    if (report.model.subgraph_nodes > 0)
        report.warnings.push_back({WarningCode::Subgraphs,
                                   std::to_string(report.model.subgraph_nodes) + " nodes inside If/Loop/Scan bodies are counted, not costed", {}});

    const KvCacheLayout cache = kv_cache_layout(model.graph);
    for (const auto& in : model.graph.inputs) {
        const size_t id = inf.ids.find(in.name);
        if (id == NameIndex::kNone || inf.values[id].weight_id >= 0) continue;  // IR < 4 lists initializers as inputs
        GraphInputReport& input = report.graph_inputs.emplace_back();
        input.name = strings.store(in.name);
        input.dtype = inf.values[id].dtype;
        set_report_shape(input.shape, inf.values[id], symbols, strings);
        input.batch_axis = std::find(inf.batch_inputs.begin(), inf.batch_inputs.end(), in.name) != inf.batch_inputs.end();
        input.kv_cache = cache.has_cache() && std::find(cache.cache_inputs.begin(), cache.cache_inputs.end(), in.name) != cache.cache_inputs.end();
    }
    for (size_t i = 0; i < model.graph.outputs.size(); ++i) {
        const size_t id = inf.ids.find(model.graph.outputs[i].name);
        report.graph_output_names.emplace_back(model.graph.outputs[i].name);
        ReportShape& shape = report.graph_outputs.emplace_back();
        if (id != NameIndex::kNone) set_report_shape(shape, inf.values[id], symbols, strings);
    }
    return report;
}

Report inspect_model(const Model& given, const InspectOptions& options) {
    std::optional<Model> rewritten;
    const Inference inf = infer_resolving_control_flow(given, options, rewritten);
    const Model& model = rewritten ? *rewritten : given;
    LayerCosts costs = count_costs(model, inf);
    repeat_passes(costs, inf.passes);
    return build_report(model, options, inf, costs);
}

Report inspect(const uint8_t* data, size_t size, const InspectOptions& options) {
    // The bytes outlive the model here, so its names need not be copied out of them.
    return inspect_model(read_any(data, size, options.file_name, Names::Borrow), options);
}

}  // namespace wattlayer
