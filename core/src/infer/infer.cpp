#include "infer/infer.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <queue>
#include <set>

#include "core_strings.hpp"
#include "model/kv_cache.hpp"
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
    std::vector<std::string_view> inputs;  // names of the inputs with a batch axis, in the graph's order
    std::string symbol;            // the batch axis's symbol, when the file named it
    int64_t batch = 1;
    int64_t passes = 1;  // a batch asked of a graph without a batch axis: that many passes of one
};

bool leads_batch_candidate(const TensorType& t) { return t.has_shape && t.dims.size() >= 2; }
bool is_unnamed_dynamic(const DeclaredDim& d) { return (!d.value || *d.value < 0) && d.symbol.empty(); }
bool is_fixed_one(const DeclaredDim& d) { return d.value && *d.value == 1; }

bool batch_like(std::string_view name) {
    const std::string lower = lower_case(name);
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
        plan.inputs.push_back(in.name);
    }
    const auto bound = symbolic ? options.dims.find(plan.symbol) : options.dims.end();
    if (bound != options.dims.end()) plan.batch = bound->second;
    if (options.batch) plan.batch = *options.batch;
    if (options.batch && plan.inputs.empty() && *options.batch > 1) {
        plan.passes = *options.batch;
        warnings.push_back({WarningCode::BatchAsPasses, "no input has a batch axis (a model that takes one image, or a list of them): batch " +
                                                            std::to_string(plan.passes) + " is estimated as " + std::to_string(plan.passes) +
                                                            " passes of one, and the layers' FLOPs, bytes, energy and time are for all of them", {}});
    } else if (bound != options.dims.end() && options.batch && *options.batch != bound->second)
        warnings.push_back({WarningCode::BatchConflict, "--batch " + std::to_string(*options.batch) + " and --dim " + plan.symbol + "=" +
                                                  std::to_string(bound->second) + " disagree on the batch symbol; --batch was used", {}});
    else if (!options.batch && symbolic && bound == options.dims.end())
        warnings.push_back({WarningCode::BatchAssumed, "the batch dimension '" + plan.symbol + "' is symbolic; it was set to 1 (use --batch N)", {}});
    else if (!options.batch && unnamed)
        warnings.push_back({WarningCode::BatchAssumed, "the batch dimension is dynamic (-1) in the file; it was set to 1 (use --batch N)", {}});
    // The exported batch (1) may be baked into constants; a rewrite to another size must carry through them.
    if (plan.inputs.empty()) plan.batch = 1;  // nothing to apply it to: the report says so
    plan.rewrite.active = !symbolic && !plan.inputs.empty() && plan.batch != 1;
    plan.rewrite.from = 1;
    plan.rewrite.to = plan.batch;
    return plan;
}

// The name a graph input's dynamic axis without one gets ("-1" or an empty dimension past the
// leading axis, which is the batch's): "<input>:<axis>", so that --dim can set it like a symbol.
std::string axis_name(std::string_view input, size_t axis) { return std::string(input) + ":" + std::to_string(axis); }

// An input's symbolic dimension that neither --dim nor the batch binds is given a size, so that
// every layer has a cost: 224 for an image's height or width (by name, or an unnamed axis 2 or 3 of
// a 4-D input, NCHW as ONNX lays images out), 128 for the rest (sequence, token and cache lengths,
// box counts). The report lists them and a warning says how to set them.
int64_t assumed_size(std::string_view symbol, std::string_view input, size_t rank, size_t axis) {
    const std::string lower = lower_case(symbol);
    const bool named_side = lower == "h" || lower == "w" || lower.find("height") != std::string::npos || lower.find("width") != std::string::npos;
    const bool unnamed_side = rank == 4 && axis >= 2 && symbol == axis_name(input, axis);
    return named_side || unnamed_side ? 224 : 128;
}

// A decoder with a KV cache, unset, is taken at one decode step: one new token on the assumed
// cache length, and an attention mask over both as long as their sum.
void assume_decode_step(const KvCacheLayout& cache, const InspectOptions& options, std::vector<AssumedDim>& assumed) {
    if (!cache.has_cache()) return;
    auto find = [&](std::string_view symbol) { return std::find_if(assumed.begin(), assumed.end(), [&](const AssumedDim& a) { return a.name == symbol; }); };
    auto size_of = [&](std::string_view symbol) -> std::optional<int64_t> {
        if (const auto bound = options.dims.find(symbol); bound != options.dims.end()) return bound->second;
        if (const auto it = find(symbol); it != assumed.end()) return it->value;
        return std::nullopt;
    };
    if (const auto it = find(cache.sequence_symbol); it != assumed.end()) it->value = 1;
    const auto past = size_of(cache.past_symbol), sequence = size_of(cache.sequence_symbol);
    if (const auto it = find(cache.total_symbol); it != assumed.end() && past && sequence) it->value = *past + *sequence;
}

std::vector<AssumedDim> assume_unbound_dims(const Graph& g, const NameIndex& initializer_names, const InspectOptions& options,
                                           const KvCacheLayout& cache) {
    const std::string batch = batch_symbol(g, initializer_names);
    std::vector<AssumedDim> assumed;  // a model names a handful of dimensions
    for (const auto& in : g.inputs) {
        if (initializer_names.contains(in.name) || !in.type.has_shape) continue;
        for (size_t axis = 0; axis < in.type.dims.size(); ++axis) {
            const DeclaredDim& d = in.type.dims[axis];
            if (d.value || d.symbol.empty() || d.symbol == batch || options.dims.count(d.symbol)) continue;
            auto it = std::find_if(assumed.begin(), assumed.end(), [&](const AssumedDim& a) { return a.name == d.symbol; });
            if (it == assumed.end())
                it = assumed.insert(assumed.end(), {std::string(d.symbol), assumed_size(d.symbol, in.name, in.type.dims.size(), axis), {}});
            if (std::find(it->inputs.begin(), it->inputs.end(), in.name) == it->inputs.end()) it->inputs.emplace_back(in.name);
        }
    }
    assume_decode_step(cache, options, assumed);
    return assumed;
}

void warn_assumed_dims(const std::vector<AssumedDim>& assumed, std::string_view branch_assumed, std::vector<Warning>& warnings) {
    if (!branch_assumed.empty())
        warnings.push_back({WarningCode::DimAssumed, std::string(branch_assumed) + " was assumed true: the estimate is one decode step with the "
                                                     "cache; estimate --prompt and --generate estimate the prefill and every step", {}});
    if (assumed.empty()) return;
    std::string list;
    for (const AssumedDim& a : assumed) {
        std::string inputs;
        for (const std::string& name : a.inputs) inputs += (inputs.empty() ? "" : ", ") + name;
        list += (list.empty() ? "" : "; ") + a.name + " = " + std::to_string(a.value) + " (" + inputs + ")";
    }
    warnings.push_back({WarningCode::DimAssumed, "symbolic dimensions that nothing set were given assumed sizes: " + list +
                                                     ". Set them with --dim NAME=N", {}});
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
    dims.reserve(checked_rank(t.dims.size()));
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

constexpr int64_t kMaxBoundInputElements = 64;  // a bound input is a flag or a few numbers

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

// One inference pass over a graph: number every tensor, order the nodes, then apply each node's
// rule. `initializers`: number_initializers(model.graph), built once for both passes of a batch
// rewrite; the last pass takes it over, the first of two gets a copy.
class Pass {
public:
    Pass(const Model& model, const InspectOptions& options, Initializers initializers, const ExportedShapeInputs* exported)
        : g_(model.graph), options_(options), exported_(exported), opset_(rules_opset(model)), initializers_(std::move(initializers)) {
        for (const Node& node : g_.nodes) {
            output_count_ += node.outputs.size();
            input_count_ += node.inputs.size();
        }
    }

    Inference run() && {
        seed_values();
        number_nodes();
        for (size_t n : inf_.order) infer_node(n);
        warn_dangling();
        warn_unused_sizes();
        return std::move(inf_);
    }

private:
    // The id of a tensor name, with a slot in the value table when it is new.
    size_t id_of(std::string_view name) {
        const auto [id, inserted] = inf_.ids.insert(name);  // ids are dense: the next one is values.size()
        if (inserted) inf_.values.emplace_back();
        return id;
    }

    // Initializers and graph inputs, with the batch plan applied to the inputs. Every tensor is an
    // initializer, an input or a node output (or, rarely, a dangling input: the tables grow for those).
    void seed_values() {
        inf_.value_ids.reserve(input_count_ + output_count_);  // never regrows: the nodes view it
        const size_t expected_tensors = g_.initializers.size() + g_.inputs.size() + output_count_;
        inf_.ids = std::move(initializers_.names);  // ids 0 .. initializer_ids - 1
        inf_.ids.reserve(expected_tensors);
        inf_.values.reserve(expected_tensors);
        inf_.values.resize(inf_.ids.size());
        const size_t initializer_ids = inf_.ids.size();
        for (size_t i = 0; i < g_.initializers.size(); ++i) {
            Value& v = inf_.values[initializers_.ids[i]];
            assign_tensor(v, g_.initializers[i]);
            v.weight_id = static_cast<int64_t>(i);
        }
        inf_.weight_count = g_.initializers.size();
        plan_ = plan_batch(g_, inf_.ids, options_, inf_.warnings);  // the initializers' names, so far
        inf_.batch = plan_.batch;
        inf_.passes = plan_.passes;
        inf_.batch_inputs = plan_.inputs;
        for (const auto& in : g_.inputs) {
            const size_t id = id_of(in.name);
            if (id < initializer_ids) continue;  // IR < 4 lists initializers as inputs too
            Value& v = inf_.values[id];
            v = in.type.has_shape ? Value::with_dims(in.type.dtype, declared_dims(in.type, options_, plan_, inf_.symbols)) : Value::unknown(in.type.dtype);
            if (std::find(plan_.inputs.begin(), plan_.inputs.end(), in.name) != plan_.inputs.end()) v.dims[0] = Dim::of(plan_.batch, true);
            if (const auto bound = options_.input_values.find(in.name); bound != options_.input_values.end()) bind_value(v, bound->second);
        }
    }

    // An input bound to a value: every element of it, when its shape is known and small.
    void bind_value(Value& v, int64_t value) {
        const int64_t n = v.numel();
        if (n < 0 || n > kMaxBoundInputElements) return;
        TensorValues values;
        values.is_float = dtype_is_float(v.dtype);
        for (int64_t i = 0; i < n; ++i) {
            if (values.is_float) values.floats.push_back(static_cast<double>(value));
            else values.ints.push_back(value);
        }
        v.data = SharedValues::keep(inf_.kept_values, std::move(values));
    }

    // Every tensor gets its id (and slot) before any rule runs, so that pointers into `values`
    // stay valid. One walk in file order numbers each node's inputs, then its outputs, and notes
    // whether the file lists every node after its producers (most do: no sort is needed then).
    void number_nodes() {
        inf_.nodes.resize(g_.nodes.size());
        first_output_ = inf_.values.size();
        // The node producing each value id; initializers and inputs have none.
        std::vector<size_t> producer(first_output_ + output_count_, Inference::kNone);
        auto producer_of = [&](size_t id) -> size_t& {
            if (id >= producer.size()) producer.resize(inf_.values.size(), Inference::kNone);  // a used, undefined name
            return producer[id];
        };
        bool sorted = true;
        std::vector<std::pair<std::string_view, size_t>> not_yet_produced;  // inputs named before (or without) their producer
        for (size_t n = 0; n < g_.nodes.size(); ++n) {
            NodeOutcome& outcome = inf_.nodes[n];
            const size_t* first_input = inf_.value_ids.data() + inf_.value_ids.size();
            for (const auto& in : g_.nodes[n].inputs) {
                const size_t id = in.empty() ? Inference::kNone : recent_output(n, in);
                if (id != Inference::kNone && id >= first_output_ && producer_of(id) == Inference::kNone) {
                    sorted = false;
                    not_yet_produced.emplace_back(in, id);
                }
                inf_.value_ids.push_back(id);
            }
            outcome.inputs = {first_input, g_.nodes[n].inputs.size()};
            const size_t* first_output_id = inf_.value_ids.data() + inf_.value_ids.size();
            outcome.outputs = {first_output_id, g_.nodes[n].outputs.size()};  // filled below, before anything reads it
            for (const auto& out : g_.nodes[n].outputs) {
                if (out.empty()) {
                    inf_.value_ids.push_back(Inference::kNone);
                    continue;
                }
                const size_t id = id_of(out);
                inf_.value_ids.push_back(id);
                if (id < first_output_) continue;  // overwrites an initializer or input: allowed, rare
                size_t& p = producer_of(id);
                if (p != Inference::kNone)
                    throw Error("invalid_model", "tensor '" + std::string(out) + "' is produced by two nodes ('" +
                                                     std::string(g_.nodes[p].name) + "' and '" + std::string(g_.nodes[n].name) + "')");
                p = n;
            }
        }
        producer.resize(inf_.values.size(), Inference::kNone);
        for (const auto& [name, id] : not_yet_produced)
            if (producer[id] == Inference::kNone) dangling_.insert(name);
        if (sorted) {
            inf_.order.resize(g_.nodes.size());
            for (size_t i = 0; i < inf_.order.size(); ++i) inf_.order[i] = i;
        } else {
            inf_.order = topological_order(g_, inf_.nodes, producer);
        }
    }

    // Most inputs are an output of the node just before: comparing with those names, still in
    // cache, is cheaper than a lookup.
    size_t recent_output(size_t n, std::string_view in) {
        if (n > 0) {
            const auto& names = g_.nodes[n - 1].outputs;
            for (size_t i = 0; i < names.size(); ++i)
                if (names[i] == in) return inf_.nodes[n - 1].outputs[i];
        }
        return id_of(in);
    }

    // Default-domain operators are resolved once per name: a graph uses a few dozen.
    const OpRule* rule_of(const Node& node) {
        if (!node.domain.empty()) return find_op(node.domain, node.op, opset_);
        const auto [it, inserted] = default_domain_rules_.try_emplace(node.op, nullptr);
        if (inserted) it->second = find_op("", node.op, opset_);
        return it->second;
    }

    // Declared shapes of intermediate and output tensors: the fallback when a rule cannot tell.
    // Indexed on first need, as most graphs never need it.
    const TensorType* declared_type(std::string_view name) {
        if (!declared_) {
            declared_.emplace(g_.value_info.size() + g_.outputs.size());
            for (const auto* list : {&g_.value_info, &g_.outputs})
                for (const auto& vi : *list)
                    if (vi.type.has_shape) declared_->emplace(vi.name, &vi.type);
        }
        const auto it = declared_->find(name);
        return it == declared_->end() ? nullptr : it->second;
    }

    // Where inference could not tell, the file's declared shape: the whole shape when not even the
    // rank is known, else the dims left unknown (never one inferred, which wins over a declaration).
    void fill_declared(std::string_view name, Value& out, NodeOutcome& outcome) {
        const TensorType* type = declared_type(name);
        if (!type) return;
        const Dims declared = declared_dims(*type, options_, plan_, inf_.symbols);
        if (!out.has_rank) {
            out.reset_to(out.dtype != DType::Undefined ? out.dtype : type->dtype, declared);
            outcome.used_declared_shape = true;
            return;
        }
        if (declared.size() != out.rank()) return;
        for (size_t d = 0; d < declared.size(); ++d) {
            if (out.dims[d].known() || out.dims[d].symbol != 0 || (!declared[d].known() && declared[d].symbol == 0)) continue;
            out.dims[d] = declared[d];
            outcome.used_declared_shape = true;
        }
    }

    // Weights that are not initializers: a view (Reshape, Squeeze, Flatten, ...) of a weight is that
    // weight, as an Identity is; a float ConstantOfShape of a constant shape from the file is one
    // of its own (the weights of a model-zoo file whose weights were replaced to make it small).
    void mark_weights(const Node& node, const NodeOutcome& outcome, NodeContext& ctx) {
        if (!outcome.rule || ctx.num_outputs() == 0) return;
        Value& out = ctx.out(0);
        if (out.weight_id >= 0) return;
        const Value* in = ctx.in(0);
        if (outcome.rule->memory == Memory::View && in && in->weight_id >= 0 && !out.data) {
            out.weight_id = in->weight_id;
        } else if (node.op == "ConstantOfShape" && in && in->baked && dtype_is_float(out.dtype) && out.shape_known()) {
            out.weight_id = static_cast<int64_t>(inf_.weight_count++);
        }
    }

    // Node `n`'s rule, writing straight into the value table (no per-node output Values to build
    // and move), then the declared shapes where it could not tell.
    void infer_node(size_t n) {
        const Node& node = g_.nodes[n];
        NodeOutcome& outcome = inf_.nodes[n];
        outcome.rule = rule_of(node);
        scratch_inputs_.clear();
        for (size_t id : outcome.inputs) scratch_inputs_.push_back(id == Inference::kNone ? nullptr : &inf_.values[id]);
        // Outputs without a slot of their own: omitted ones, and the rare ones that overwrite one
        // of the node's own inputs (a rule must read its inputs intact while it writes).
        scratch_outputs_.clear();
        if (spare_.size() < outcome.outputs.size()) spare_.resize(outcome.outputs.size());
        bool any_spare = false;
        for (size_t i = 0; i < outcome.outputs.size(); ++i) {
            const size_t id = outcome.outputs[i];
            const bool own_slot = id != Inference::kNone &&
                                  std::find(outcome.inputs.begin(), outcome.inputs.end(), id) == outcome.inputs.end();
            Value* out = own_slot ? &inf_.values[id] : &spare_[i];
            if (!own_slot || id < first_output_) *out = Value();  // a spare, or an overwritten initializer or input
            any_spare = any_spare || !own_slot;
            scratch_outputs_.push_back(out);
        }
        const size_t notes_before = inf_.notes.size();
        NodeContext ctx{{node, scratch_inputs_}, plan_.rewrite, scratch_outputs_, inf_.notes, nullptr, false, false, false, &discarded_, inf_.symbols, inf_.kept_values};
        if (exported_ && (*exported_)[n]) ctx.exported_shape_input = &*(*exported_)[n];
        const auto sized = user_size_of(node);
        if (sized != options_.sizes.end()) ctx.user_size = sized->second;
        if (outcome.rule) {
            try {
                outcome.rule->infer(ctx);
                for (size_t i = 0; i < node.outputs.size(); ++i) checked_rank(ctx.out(i).rank());
            } catch (const Error& e) {
                throw Error(e.code(), "node '" + std::string(node.name) + "' (" + std::string(node.op) + "): " + e.what());
            }
        }
        bool all_constant = !node.outputs.empty();
        bool known = !node.outputs.empty();
        mark_weights(node, outcome, ctx);
        for (size_t i = 0; i < node.outputs.size(); ++i) {
            Value& out = ctx.out(i);
            if (!out.shape_known()) fill_declared(node.outputs[i], out, outcome);
            all_constant = all_constant && (out.data.has_value() || out.weight_id >= 0);
            if (outcome.outputs[i] != Inference::kNone) known = known && out.shape_known();
        }
        outcome.folded = all_constant && outcome.rule;
        outcome.shape_known = known;
        if (any_spare)
            for (size_t i = 0; i < outcome.outputs.size(); ++i)
                if (outcome.outputs[i] != Inference::kNone && ctx.outputs[i] == &spare_[i]) inf_.values[outcome.outputs[i]] = std::move(spare_[i]);
        outcome.first_note = static_cast<uint32_t>(notes_before);
        outcome.note_count = static_cast<uint32_t>(inf_.notes.size() - notes_before);
        outcome.data_dependent = ctx.data_dependent;
        outcome.bounds_size = ctx.bounded;
        if (ctx.sized_by_user) used_sizes_.insert(sized->first);
        // A size computed from a bound is a bound: shapes, shape arithmetic and branches taken on it;
        // so is an iteration of a loop that may not run.
        outcome.bounded = ctx.bounded || !node.bounded_loop.empty() || std::any_of(scratch_inputs_.begin(), scratch_inputs_.end(), [](const Value* v) { return v && v->bounded; });
        if (outcome.bounded)
            for (size_t i = 0; i < outcome.outputs.size(); ++i)
                if (outcome.outputs[i] != Inference::kNone) inf_.values[outcome.outputs[i]].bounded = true;
        outcome.batch_unrewritten = ctx.batch_unrewritten;
        outcome.batch_baked = ctx.batch_baked;
    }

    // --size binds a layer by name, else every layer of an operator.
    std::map<std::string, int64_t, std::less<>>::const_iterator user_size_of(const Node& node) const {
        if (options_.sizes.empty()) return options_.sizes.end();
        const auto by_name = options_.sizes.find(node.name);
        return by_name != options_.sizes.end() ? by_name : options_.sizes.find(node.op);
    }

    // A --size that no data-dependent layer took: a typo, or a layer whose size is known.
    void warn_unused_sizes() {
        for (const auto& [name, value] : options_.sizes)
            if (!used_sizes_.count(name))
                inf_.warnings.push_back({WarningCode::UnusedSize, "--size " + name + "=" + std::to_string(value) +
                                                                     " sets nothing: no layer of that name or operator has a data-dependent output size", {}});
    }

    void warn_dangling() {
        if (dangling_.empty()) return;
        std::string names;
        for (const auto& d : dangling_) names += (names.empty() ? "" : ", ") + std::string(d);
        inf_.warnings.push_back({WarningCode::DanglingInput, "tensors used but never defined (treated as unknown): " + names, {}});
    }

    const Graph& g_;
    const InspectOptions& options_;
    const ExportedShapeInputs* exported_;
    const int64_t opset_;
    Initializers initializers_;
    size_t output_count_ = 0, input_count_ = 0;
    Inference inf_;
    BatchPlan plan_;
    size_t first_output_ = 0;                  // the first id of a node's output
    std::set<std::string_view> dangling_;      // used but never defined
    std::set<std::string_view> used_sizes_;    // the --size entries a layer took
    std::optional<std::unordered_map<std::string_view, const TensorType*>> declared_;
    std::unordered_map<std::string_view, const OpRule*> default_domain_rules_;
    // Scratch lists that each node's context views, reused from node to node.
    std::vector<const Value*> scratch_inputs_;
    std::vector<Value*> scratch_outputs_;
    std::vector<Value> spare_;
    Value discarded_;
};

Inference run_pass(const Model& model, const InspectOptions& options, Initializers initializers, const ExportedShapeInputs* exported) {
    return Pass(model, options, std::move(initializers), exported).run();
}

// A --dim that no graph input's shape names binds nothing: most often a typo, or a name taken from
// another export of the model.
void warn_unused_dims(const Graph& g, const InspectOptions& options, std::vector<Warning>& warnings) {
    std::vector<std::string_view> symbols;
    for (const ValueInfo& in : g.inputs)
        for (const DeclaredDim& d : in.type.dims)
            if (!d.symbol.empty() && std::find(symbols.begin(), symbols.end(), d.symbol) == symbols.end()) symbols.push_back(d.symbol);
    for (const auto& [name, value] : options.dims) {
        if (std::find(symbols.begin(), symbols.end(), name) != symbols.end()) continue;
        std::string known;
        for (std::string_view s : symbols) known += (known.empty() ? "" : ", ") + std::string(s);
        warnings.push_back({WarningCode::UnusedDim, "--dim " + name + "=" + std::to_string(value) + " binds nothing: no input has a dimension named '" + name +
                                                        "' (" + (known.empty() ? std::string("the inputs have no named dimensions") : "the inputs' names: " + known) + ")", {}});
    }
}

// `model` with its graph inputs' unnamed dynamic axes named (axis_name); nullopt when there is none.
std::optional<Model> name_unnamed_axes(const Model& model) {
    const NameIndex initializer_names = number_initializers(model.graph).names;
    const auto unnamed = [&](const ValueInfo& in, size_t axis) {
        return axis > 0 && in.type.has_shape && !initializer_names.contains(in.name) && is_unnamed_dynamic(in.type.dims[axis]);
    };
    bool any = false;
    for (const ValueInfo& in : model.graph.inputs)
        for (size_t axis = 0; axis < in.type.dims.size(); ++axis) any = any || unnamed(in, axis);
    if (!any) return std::nullopt;
    Model named = model;  // shares the store: the names go to its arena
    for (ValueInfo& in : named.graph.inputs)
        for (size_t axis = 0; axis < in.type.dims.size(); ++axis)
            if (unnamed(in, axis)) in.type.dims[axis].symbol = named.store->arena.store(axis_name(in.name, axis));
    return named;
}

Inference infer_shapes_bound(const Model& model, const InspectOptions& options) {
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

}  // namespace

Inference infer_shapes(const Model& file_model, const InspectOptions& given) {
    const std::optional<Model> named = name_unnamed_axes(file_model);
    const Model& model = named ? *named : file_model;
    for (const auto& [name, value] : given.dims)
        if (value < 0) throw Error("bad_argument", "--dim " + name + " must not be negative");
    if (given.batch && *given.batch < 1) throw Error("bad_argument", "--batch must be 1 or more");
    // The assumed sizes bind like --dim; the user's own --dim list is what unused_dim checks.
    std::vector<AssumedDim> assumed;
    const KvCacheLayout cache = kv_cache_layout(model.graph);
    if (!given.keep_symbols) assumed = assume_unbound_dims(model.graph, number_initializers(model.graph).names, given, cache);
    InspectOptions options = given;
    for (const AssumedDim& a : assumed) options.dims.emplace(a.name, a.value);
    // Optimum's merged decoder, its use-cache flag unset, takes the decode branch like the rest.
    const std::string_view branch = cache.branch_input;
    const bool branch_assumed = !given.keep_symbols && !branch.empty() && !given.input_values.count(branch);
    if (branch_assumed) options.input_values.emplace(std::string(branch), 1);
    Inference inf = infer_shapes_bound(model, options);
    warn_assumed_dims(assumed, branch_assumed ? branch : std::string_view(), inf.warnings);
    warn_unused_dims(model.graph, given, inf.warnings);
    inf.assumed_dims = std::move(assumed);
    return inf;
}

}  // namespace wattlayer
