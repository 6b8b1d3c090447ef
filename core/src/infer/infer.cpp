#include "infer/infer.hpp"

#include <algorithm>
#include <cctype>
#include <queue>
#include <set>
#include <unordered_set>

#include "wattlayer/error.hpp"

namespace wattlayer {
namespace {

// Which inputs carry the batch and what it becomes. The batch symbol is the symbol that most
// inputs (rank 2 or more) lead with, ties going to a batch-like name ("batch", "N"), then to the
// first: a detector's `rois` leading with `num_rois` beside an image leading with `N` keeps its
// own size. With a batch symbol, the inputs leading with it carry the batch; without one, those
// leading with a fixed 1 (exporters trace at batch 1) do. Either way an unnamed dynamic leading
// axis (-1, as caffe2-era files write it) carries it too. A leading axis of another size (a
// single CHW image) or another symbol is never rewritten.
struct BatchPlan {
    BatchRewrite rewrite;
    std::unordered_set<std::string_view> inputs;  // names of the inputs with a batch axis
    std::vector<std::string_view> input_order;    // the same, in the graph's order
    std::string symbol;            // the batch axis's symbol, when the file named it
    int64_t batch = 1;
};

bool leads_batch_candidate(const TensorType& t) { return t.has_shape && t.dims.size() >= 2; }
bool is_unnamed_dynamic(const DeclaredDim& d) { return (!d.value || *d.value < 0) && d.symbol.empty(); }
bool is_fixed_one(const DeclaredDim& d) { return d.value && *d.value == 1; }

bool batch_like(std::string_view name) {
    std::string lower(name);
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return lower == "n" || lower == "b" || lower == "bs" || lower.find("batch") != std::string::npos;
}

std::string batch_symbol(const Graph& g, const NameIndex& initializer_names) {
    std::vector<std::pair<std::string_view, int>> counts;  // a graph has a handful of inputs
    for (const auto& in : g.inputs) {
        if (initializer_names.contains(in.name) || !leads_batch_candidate(in.type)) continue;
        const DeclaredDim& lead = in.type.dims[0];
        if (lead.value || lead.symbol.empty()) continue;
        auto it = std::find_if(counts.begin(), counts.end(), [&](const auto& c) { return c.first == lead.symbol; });
        if (it == counts.end()) counts.emplace_back(lead.symbol, 1);
        else ++it->second;
    }
    const auto better = [](const auto& a, const auto& b) {  // stable: the first of equals stays
        return a.second != b.second ? a.second > b.second : batch_like(a.first) && !batch_like(b.first);
    };
    std::stable_sort(counts.begin(), counts.end(), better);
    return counts.empty() ? std::string() : std::string(counts.front().first);
}

BatchPlan plan_batch(const Graph& g, const NameIndex& initializer_names, const InspectOptions& options, std::vector<Warning>& warnings) {
    BatchPlan plan;
    plan.symbol = batch_symbol(g, initializer_names);
    const bool symbolic = !plan.symbol.empty();
    bool unnamed = false;
    for (const auto& in : g.inputs) {
        if (initializer_names.contains(in.name) || !leads_batch_candidate(in.type)) continue;
        const DeclaredDim& lead = in.type.dims[0];
        const bool carries = is_unnamed_dynamic(lead) || (symbolic ? lead.symbol == plan.symbol : is_fixed_one(lead));
        if (!carries) continue;
        unnamed = unnamed || is_unnamed_dynamic(lead);
        plan.inputs.insert(in.name);
        plan.input_order.push_back(in.name);
    }
    const auto bound = symbolic ? options.dims.find(plan.symbol) : options.dims.end();
    if (bound != options.dims.end()) plan.batch = bound->second;
    if (options.batch) plan.batch = *options.batch;
    if (options.batch && plan.inputs.empty())
        warnings.push_back({"batch_not_applied", "no input has a batch axis (a leading dimension of 1 or a symbol); --batch was not applied", {}});
    else if (bound != options.dims.end() && options.batch && *options.batch != bound->second)
        warnings.push_back({"batch_conflict", "--batch " + std::to_string(*options.batch) + " and --dim " + plan.symbol + "=" +
                                                  std::to_string(bound->second) + " disagree on the batch symbol; --batch was used", {}});
    else if (!options.batch && symbolic && bound == options.dims.end())
        warnings.push_back({"batch_assumed", "the batch dimension '" + plan.symbol + "' is symbolic; it was set to 1 (use --batch N)", {}});
    else if (!options.batch && unnamed)
        warnings.push_back({"batch_assumed", "the batch dimension is dynamic (-1) in the file; it was set to 1 (use --batch N)", {}});
    // The exported batch (1) may be baked into constants; a rewrite to another size must carry through them.
    if (plan.inputs.empty()) plan.batch = 1;  // nothing to apply it to: the report says so
    plan.rewrite.active = !symbolic && !plan.inputs.empty() && plan.batch != 1;
    plan.rewrite.from = 1;
    plan.rewrite.to = plan.batch;
    return plan;
}

// The index of a dimension's name in `symbols`, added when new; 0 for no name. A model names
// a handful of dimensions: a linear search is enough.
uint32_t symbol_index(std::string_view name, SymbolTable& symbols) {
    if (name.empty()) return 0;
    const auto it = std::find(symbols.begin(), symbols.end(), name);
    if (it != symbols.end()) return static_cast<uint32_t>(it - symbols.begin());
    symbols.push_back(name);
    return static_cast<uint32_t>(symbols.size() - 1);
}

// A declared shape with bound symbols; the batch symbol follows the batch plan.
// `symbols` gains the names of the dimensions left symbolic.
Dims declared_dims(const TensorType& t, const InspectOptions& options, const BatchPlan& plan, SymbolTable& symbols) {
    Dims dims;
    dims.reserve(t.dims.size());
    for (const auto& d : t.dims) {
        const auto bound = d.symbol.empty() ? options.dims.end() : options.dims.find(d.symbol);
        if (d.value && *d.value >= 0) dims.push_back(Dim::of(*d.value));
        else if (!plan.symbol.empty() && d.symbol == plan.symbol) dims.push_back(Dim::of(plan.batch, true));
        else if (bound != options.dims.end()) dims.push_back(Dim::of(bound->second));
        else dims.push_back(Dim{-1, symbol_index(d.symbol, symbols), false});
    }
    return dims;
}

// For files that list a node before one of its producers: Kahn's algorithm on value ids
// (NodeOutcome inputs and outputs), taking ready nodes in file order so that the order changes
// as little as it can. `producer[id]` is the node that writes value `id`.
std::vector<size_t> topological_order(const Graph& g, const std::vector<NodeOutcome>& nodes, const std::vector<size_t>& producer) {
    const size_t count = nodes.size();
    std::vector<size_t> order;
    order.reserve(count);
    std::vector<std::vector<size_t>> consumers(count);
    std::vector<size_t> waiting(count, 0);
    std::vector<size_t> deps;
    for (size_t i = 0; i < count; ++i) {
        deps.clear();
        for (size_t id : nodes[i].inputs)
            if (id < producer.size() && producer[id] != Inference::kNone) deps.push_back(producer[id]);
        std::sort(deps.begin(), deps.end());
        deps.erase(std::unique(deps.begin(), deps.end()), deps.end());
        waiting[i] = deps.size();
        for (size_t d : deps) consumers[d].push_back(i);
    }
    std::priority_queue<size_t, std::vector<size_t>, std::greater<>> ready;
    for (size_t i = 0; i < count; ++i)
        if (waiting[i] == 0) ready.push(i);
    while (!ready.empty()) {
        const size_t n = ready.top();
        ready.pop();
        order.push_back(n);
        for (size_t c : consumers[n])
            if (--waiting[c] == 0) ready.push(c);
    }
    for (size_t i = 0; i < count && order.size() != count; ++i)
        if (waiting[i] > 0) throw Error("cycle", "the graph has a cycle through node '" + std::string(g.nodes[i].name) + "' (" + std::string(g.nodes[i].op) + ")");
    return order;
}

}  // namespace

namespace {

// Shape inputs (input 1: Reshape targets) of every node as inferred at the exported batch.
using ExportedShapeInputs = std::vector<std::optional<Ints>>;
// The initializers' names, numbered once for both passes: each pass starts its tensor table from
// them (the first of two from a copy), which is cheaper than hashing every name again.
struct Initializers {
    NameIndex names;
    std::vector<uint32_t> ids;  // by initializer; a repeated name shares its id (the last one wins)
};

Initializers number_initializers(const Graph& g) {
    Initializers inits;
    inits.names.reserve(g.initializers.size());
    inits.ids.reserve(g.initializers.size());
    for (const Tensor& t : g.initializers) inits.ids.push_back(static_cast<uint32_t>(inits.names.insert(t.name).first));
    return inits;
}

// `initializers`: number_initializers(model.graph), built once for both passes; the last pass
// takes it over, the first of two gets a copy.
Inference run_pass(const Model& model, const InspectOptions& options, Initializers initializers,
                   const ExportedShapeInputs* exported) {
    const Graph& g = model.graph;
    Inference inf;
    const int64_t opset = rules_opset(model);

    // Every tensor is an initializer, an input or a node output (or, rarely, a dangling input: the
    // tables grow for those). A tight name table stays in the first-level cache.
    size_t output_count = 0, input_count = 0;
    for (const Node& node : g.nodes) {
        output_count += node.outputs.size();
        input_count += node.inputs.size();
    }
    inf.value_ids.reserve(input_count + output_count);  // never regrows: the nodes view it
    const size_t expected_tensors = g.initializers.size() + g.inputs.size() + output_count;
    inf.ids = std::move(initializers.names);  // ids 0 .. initializer_ids - 1
    inf.ids.reserve(expected_tensors);
    inf.values.reserve(expected_tensors);
    inf.values.resize(inf.ids.size());
    const size_t initializer_ids = inf.ids.size();
    auto id_of = [&](std::string_view name) {
        const auto [id, inserted] = inf.ids.insert(name);  // ids are dense: the next one is values.size()
        if (inserted) inf.values.emplace_back();
        return id;
    };

    for (size_t i = 0; i < g.initializers.size(); ++i) {
        const Tensor& t = g.initializers[i];
        Value& v = inf.values[initializers.ids[i]];
        assign_tensor(v, t);
        v.weight_id = static_cast<int64_t>(i);
    }
    const BatchPlan plan = plan_batch(g, inf.ids, options, inf.warnings);  // the initializers' names, so far
    inf.batch = plan.batch;
    inf.batch_inputs = plan.input_order;
    for (const auto& in : g.inputs) {
        const size_t id = id_of(in.name);
        if (id < initializer_ids) continue;  // IR < 4 lists initializers as inputs too
        Value& v = inf.values[id];
        v = in.type.has_shape ? Value::with_dims(in.type.dtype, declared_dims(in.type, options, plan, inf.symbols)) : Value::unknown(in.type.dtype);
        if (plan.inputs.count(in.name)) v.dims[0] = Dim::of(plan.batch, true);
    }

    // Declared shapes of intermediate and output tensors: the fallback when a rule cannot tell.
    // Indexed on first need, as most graphs never need it.
    std::optional<std::unordered_map<std::string_view, const TensorType*>> declared;
    auto declared_type = [&](std::string_view name) -> const TensorType* {
        if (!declared) {
            declared.emplace(g.value_info.size() + g.outputs.size());
            for (const auto* list : {&g.value_info, &g.outputs})
                for (const auto& vi : *list)
                    if (vi.type.has_shape) declared->emplace(vi.name, &vi.type);
        }
        const auto it = declared->find(name);
        return it == declared->end() ? nullptr : it->second;
    };

    // Every tensor gets its id (and slot) before the pass, so that pointers into `values` stay valid.
    // One walk in file order numbers each node's inputs, then its outputs, and notes whether the
    // file lists every node after its producers (most do: no sort is needed then).
    inf.nodes.resize(g.nodes.size());
    const size_t first_output = inf.values.size();
    // The node producing each value id; initializers and inputs have none.
    std::vector<size_t> producer(first_output + output_count, Inference::kNone);
    auto producer_of = [&](size_t id) -> size_t& {
        if (id >= producer.size()) producer.resize(inf.values.size(), Inference::kNone);  // a used, undefined name
        return producer[id];
    };
    // Most inputs are an output of the node just before: comparing with those names, still in
    // cache, is cheaper than a lookup.
    auto recent_output = [&](size_t n, std::string_view in) {
        if (n > 0) {
            const auto& names = g.nodes[n - 1].outputs;
            for (size_t i = 0; i < names.size(); ++i)
                if (names[i] == in) return inf.nodes[n - 1].outputs[i];
        }
        return id_of(in);
    };
    bool sorted = true;
    std::vector<std::pair<std::string_view, size_t>> not_yet_produced;  // inputs named before (or without) their producer
    for (size_t n = 0; n < g.nodes.size(); ++n) {
        NodeOutcome& outcome = inf.nodes[n];
        const size_t* first_input = inf.value_ids.data() + inf.value_ids.size();
        for (const auto& in : g.nodes[n].inputs) {
            const size_t id = in.empty() ? Inference::kNone : recent_output(n, in);
            if (id != Inference::kNone && id >= first_output && producer_of(id) == Inference::kNone) {
                sorted = false;
                not_yet_produced.emplace_back(in, id);
            }
            inf.value_ids.push_back(id);
        }
        outcome.inputs = {first_input, g.nodes[n].inputs.size()};
        const size_t* first_output_id = inf.value_ids.data() + inf.value_ids.size();
        outcome.outputs = {first_output_id, g.nodes[n].outputs.size()};  // filled below, before anything reads it
        for (const auto& out : g.nodes[n].outputs) {
            if (out.empty()) {
                inf.value_ids.push_back(Inference::kNone);
                continue;
            }
            const size_t id = id_of(out);
            inf.value_ids.push_back(id);
            if (id < first_output) continue;  // overwrites an initializer or input: allowed, rare
            size_t& p = producer_of(id);
            if (p != Inference::kNone)
                throw Error("invalid_model", "tensor '" + std::string(out) + "' is produced by two nodes ('" +
                                                 std::string(g.nodes[p].name) + "' and '" + std::string(g.nodes[n].name) + "')");
            p = n;
        }
    }
    producer.resize(inf.values.size(), Inference::kNone);
    std::set<std::string_view> dangling;  // used but never defined
    for (const auto& [name, id] : not_yet_produced)
        if (producer[id] == Inference::kNone) dangling.insert(name);
    if (sorted) {
        inf.order.resize(g.nodes.size());
        for (size_t i = 0; i < inf.order.size(); ++i) inf.order[i] = i;
    } else {
        inf.order = topological_order(g, inf.nodes, producer);
    }

    // Default-domain operators are resolved once per name: a graph uses a few dozen.
    std::unordered_map<std::string_view, const OpRule*> default_domain_rules;
    auto rule_of = [&](const Node& node) {
        if (!node.domain.empty()) return find_op(node.domain, node.op, opset);
        const auto [it, inserted] = default_domain_rules.try_emplace(node.op, nullptr);
        if (inserted) it->second = find_op("", node.op, opset);
        return it->second;
    };
    // Scratch lists that each node's context views, reused from node to node.
    std::vector<const Value*> scratch_inputs;
    std::vector<Value*> scratch_outputs;
    scratch_inputs.reserve(8);
    scratch_outputs.reserve(8);
    // Outputs without a slot of their own: omitted ones, and the rare ones that overwrite one of the
    // node's own inputs (a rule must read its inputs intact while it writes).
    std::vector<Value> spare;
    Value discarded;
    for (size_t n : inf.order) {
        const Node& node = g.nodes[n];
        NodeOutcome& outcome = inf.nodes[n];
        outcome.rule = rule_of(node);
        scratch_inputs.clear();
        for (size_t id : outcome.inputs) scratch_inputs.push_back(id == Inference::kNone ? nullptr : &inf.values[id]);
        // Rules write straight into the value table: no per-node output Values to build and move.
        scratch_outputs.clear();
        if (spare.size() < outcome.outputs.size()) spare.resize(outcome.outputs.size());
        bool any_spare = false;
        for (size_t i = 0; i < outcome.outputs.size(); ++i) {
            const size_t id = outcome.outputs[i];
            const bool own_slot = id != Inference::kNone &&
                                  std::find(outcome.inputs.begin(), outcome.inputs.end(), id) == outcome.inputs.end();
            Value* out = own_slot ? &inf.values[id] : &spare[i];
            if (!own_slot || id < first_output) *out = Value();  // a spare, or an overwritten initializer or input
            any_spare = any_spare || !own_slot;
            scratch_outputs.push_back(out);
        }
        const size_t notes_before = inf.notes.size();
        NodeContext ctx{{node, scratch_inputs}, plan.rewrite, scratch_outputs, inf.notes, nullptr, false, false, false, &discarded, inf.symbols, inf.kept_values};
        if (exported && (*exported)[n]) ctx.exported_shape_input = &*(*exported)[n];
        if (outcome.rule) {
            try {
                outcome.rule->infer(ctx);
            } catch (const Error& e) {
                throw Error(e.code(), "node '" + std::string(node.name) + "' (" + std::string(node.op) + "): " + e.what());
            }
        }
        bool all_constant = !node.outputs.empty();
        bool known = !node.outputs.empty();
        for (size_t i = 0; i < node.outputs.size(); ++i) {
            Value& out = ctx.out(i);
            if (!out.has_rank) {
                if (const TensorType* type = declared_type(node.outputs[i])) {
                    const DType dtype = out.dtype != DType::Undefined ? out.dtype : type->dtype;
                    out.reset_to(dtype, declared_dims(*type, options, plan, inf.symbols));
                    outcome.used_declared_shape = true;
                }
            }
            all_constant = all_constant && (out.data.has_value() || out.weight_id >= 0);
            if (outcome.outputs[i] != Inference::kNone) known = known && out.shape_known();
        }
        outcome.folded = all_constant && outcome.rule;
        outcome.shape_known = known;
        if (any_spare)
            for (size_t i = 0; i < outcome.outputs.size(); ++i)
                if (outcome.outputs[i] != Inference::kNone && ctx.outputs[i] == &spare[i]) inf.values[outcome.outputs[i]] = std::move(spare[i]);
        outcome.first_note = static_cast<uint32_t>(notes_before);
        outcome.note_count = static_cast<uint32_t>(inf.notes.size() - notes_before);
        outcome.data_dependent = ctx.data_dependent;
        outcome.batch_unrewritten = ctx.batch_unrewritten;
        outcome.batch_baked = ctx.batch_baked;
    }
    if (!dangling.empty()) {
        std::string names;
        for (const auto& d : dangling) names += (names.empty() ? "" : ", ") + std::string(d);
        inf.warnings.push_back({"dangling_input", "tensors used but never defined (treated as unknown): " + names, {}});
    }
    return inf;
}

}  // namespace

Inference infer_shapes(const Model& model, const InspectOptions& options) {
    for (const auto& [name, value] : options.dims)
        if (value < 0) throw Error("bad_argument", "--dim " + name + " must not be negative");
    if (options.batch && *options.batch < 1) throw Error("bad_argument", "--batch must be 1 or more");
    std::vector<Warning> ignored;
    Initializers initializers = number_initializers(model.graph);
    const BatchPlan plan = plan_batch(model.graph, initializers.names, options, ignored);
    if (!plan.rewrite.active) return run_pass(model, options, std::move(initializers), nullptr);
    // A batch rewrite infers twice: shape constants equal at both batches were baked by the
    // exporter, and those are the ones the rewrite must carry the batch through.
    InspectOptions at_export = options;
    at_export.batch = plan.rewrite.from;
    const Inference first = run_pass(model, at_export, initializers, nullptr);
    ExportedShapeInputs shape_inputs(model.graph.nodes.size());
    for (size_t n = 0; n < model.graph.nodes.size(); ++n) {
        const auto& ins = first.nodes[n].inputs;
        if (model.graph.nodes[n].op == "Reshape" && ins.size() > 1 && ins[1] != Inference::kNone) shape_inputs[n] = first.values[ins[1]].ints();
    }
    return run_pass(model, options, std::move(initializers), &shape_inputs);
}

}  // namespace wattlayer
