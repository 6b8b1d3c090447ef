#include "infer/loops.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include "model/spliced_names.hpp"

namespace wattlayer {
namespace {

const Graph* body_of(const Node& node) {
    const Attribute* body = node.attribute("body");
    return body && body->graphs.size() == 1 ? body->graphs[0] : nullptr;
}

// Whether a Loop body's condition output is true on every iteration that runs: the condition
// input passed through, or a constant true (how exporters write a `for` loop). Otherwise the loop
// can end early.
bool condition_stays_true(const Graph& body, const Inference& inf) {
    std::string_view name = body.outputs[0].name;
    for (int hop = 0; hop < 16; ++hop) {
        if (name == body.inputs[1].name) return true;
        const Node* producer = nullptr;
        for (const Node& n : body.nodes)
            for (std::string_view o : n.outputs)
                if (o == name) producer = &n;
        if (!producer) {
            for (const Tensor& t : body.initializers)
                if (t.name == name) return truth_of(t.values) == true;
            const size_t id = inf.ids.find(name);  // a tensor of the enclosing graph
            return id != Inference::kNone && truth_of(inf.values[id].data) == true;
        }
        if ((producer->op == "Identity" || producer->op == "Cast") && !producer->inputs.empty()) {
            name = producer->inputs[0];
        } else if (producer->op == "Constant") {
            const Attribute* value = producer->attribute("value");
            return value && value->tensors.size() == 1 && truth_of(value->tensors[0]->values) == true;
        } else {
            return false;
        }
    }
    return false;
}

// Loop: inputs M (trip count), cond, then the carried values; the body reads the iteration
// number, the condition and the carried values, and returns the condition, the carried values and
// the scan outputs.
std::optional<LoopPlan> plan_loop(const Node& node, const NodeOutcome& outcome, const Inference& inf) {
    const Graph* body = body_of(node);
    if (!body || outcome.inputs.size() < 2 || body->inputs.size() != outcome.inputs.size() || body->outputs.size() + 1 < body->inputs.size() ||
        node.outputs.size() + 1 != body->outputs.size())
        return std::nullopt;
    if (outcome.inputs[0] == Inference::kNone) return std::nullopt;  // a while loop: nothing bounds it
    const Value& trip_count = inf.values[outcome.inputs[0]];
    if (!trip_count.data || trip_count.data->is_float || trip_count.data->size() != 1 || trip_count.data->ints[0] <= 0) return std::nullopt;
    LoopPlan plan{body, trip_count.data->ints[0], trip_count.bounded, {}};
    if (outcome.inputs[1] != Inference::kNone) {
        const Value& cond = inf.values[outcome.inputs[1]];
        const std::optional<bool> runs = truth_of(cond.data);
        if (runs == false) return std::nullopt;  // no iteration: the outputs are the initial values
        plan.at_most = plan.at_most || !runs || cond.bounded;
    }
    plan.at_most = plan.at_most || !condition_stays_true(*body, inf);
    return plan;
}

// Scan (opset 9 on): inputs the initial states, then the scanned inputs; the body reads the
// states and one slice of each scanned input, and returns the states and one slice of each scan
// output. The iterations are the scanned inputs' length along their scan axis.
std::optional<LoopPlan> plan_scan(const Node& node, const NodeOutcome& outcome, const Inference& inf, int64_t opset) {
    const Graph* body = body_of(node);
    const Attribute* scanned_attr = node.attribute("num_scan_inputs");
    if (opset < 9 || !body || !scanned_attr || body->inputs.size() != outcome.inputs.size()) return std::nullopt;  // Scan-8 has a batch axis
    const int64_t scanned = scanned_attr->i;
    const int64_t states = static_cast<int64_t>(outcome.inputs.size()) - scanned;
    if (scanned <= 0 || states < 0 || body->outputs.size() != node.outputs.size() || static_cast<int64_t>(body->outputs.size()) < states)
        return std::nullopt;
    const Attribute* axes = node.attribute("scan_input_axes");
    LoopPlan plan{body, -1, false, {}};
    for (int64_t k = 0; k < scanned; ++k) {
        const size_t id = outcome.inputs[static_cast<size_t>(states + k)];
        if (id == Inference::kNone || !inf.values[id].has_rank) return std::nullopt;
        const Value& input = inf.values[id];
        const int64_t rank = static_cast<int64_t>(input.rank());
        int64_t axis = axes && k < static_cast<int64_t>(axes->ints.size()) ? axes->ints[static_cast<size_t>(k)] : 0;
        if (axis < 0) axis += rank;
        if (axis < 0 || axis >= rank || !input.dims[static_cast<size_t>(axis)].known()) return std::nullopt;
        const int64_t length = input.dims[static_cast<size_t>(axis)].value;
        if (length <= 0 || (plan.iterations >= 0 && length != plan.iterations)) return std::nullopt;
        plan.iterations = length;
        plan.at_most = plan.at_most || input.bounded;
        plan.input_axes.push_back(axis);
    }
    return plan;
}

std::string_view int_tensor(Model& out, std::string_view name, DType dtype, SmallVector<int64_t, 6> dims, SmallVector<int64_t, 4> ints) {
    TensorValues values;
    values.ints = std::move(ints);
    Tensor t;
    t.name = name;
    t.dtype = dtype;
    t.dims = std::move(dims);
    t.values = SharedValues::keep(out.store->values, std::move(values));
    out.graph.initializers.push_back(std::move(t));
    return name;
}

// Writes the iterations' slices of a scan output into the loop's output: each slice gets the
// scan axis (Unsqueeze, an input from opset 13, an attribute before), then one Concat along it.
void stack(const std::vector<std::string_view>& slices, int64_t axis, std::string_view output, const std::string& name, Model& out, int64_t opset) {
    Arena& arena = out.store->arena;
    Attribute axes_attr{.name = "axes", .type = Attribute::Type::Ints, .ints = arena.store_all(SmallVector<int64_t, 1>{axis})};
    const std::string_view axes = opset >= 13 ? int_tensor(out, arena.store(name + "/axes"), DType::Int64, {1}, {axis}) : std::string_view();
    SmallVector<std::string_view, 8> stacked;
    for (size_t t = 0; t < slices.size(); ++t) {
        const std::string slice_name = name + "/" + std::to_string(t);
        const std::string_view slice = arena.store(slice_name);
        out.graph.nodes.push_back(opset >= 13 ? added_node(arena, slice_name, "Unsqueeze", {slices[t], axes}, slice)
                                              : added_node(arena, slice_name, "Unsqueeze", {slices[t]}, slice, {axes_attr}));
        stacked.push_back(slice);
    }
    Node concat = added_node(arena, name, "Concat", {}, output, {Attribute{.name = "axis", .type = Attribute::Type::Int, .i = axis}});
    concat.inputs = arena.store_all(stacked);
    out.graph.nodes.push_back(concat);
}

}  // namespace

std::optional<LoopPlan> plan_unrolling(const Node& node, const NodeOutcome& outcome, const Inference& inf, int64_t opset) {
    if (!node.domain.empty() || (node.op != "Loop" && node.op != "Scan")) return std::nullopt;
    std::optional<LoopPlan> plan = node.op == "Loop" ? plan_loop(node, outcome, inf) : plan_scan(node, outcome, inf, opset);
    const int64_t body_nodes = plan ? static_cast<int64_t>(plan->body->nodes.size()) + 1 : 0;
    if (plan && plan->iterations > kMaxUnrolledNodes / body_nodes) return std::nullopt;
    return plan;
}

void unroll(const Node& node, const LoopPlan& plan, Model& out, int64_t opset) {
    Arena& arena = out.store->arena;
    const Graph& body = *plan.body;
    const bool is_loop = node.op == "Loop";
    const std::string prefix = node.name.empty() ? std::string(node.op) + "_" + std::to_string(out.graph.nodes.size()) : std::string(node.name);
    const std::string_view bounded_loop = plan.at_most ? arena.store(prefix) : std::string_view();
    // Body inputs: a Loop's iteration number and condition, then the states; a Scan's states, then
    // its slices. Body outputs: a Loop's condition, then the states and the scan outputs.
    const size_t first_state_in = is_loop ? 2 : 0;
    const size_t first_state_out = is_loop ? 1 : 0;
    const size_t states = body.inputs.size() - first_state_in - plan.input_axes.size();
    const size_t scan_outputs = body.outputs.size() - first_state_out - states;
    SmallVector<std::string_view, 4> state;  // the states the next iteration reads
    for (size_t j = 0; j < states; ++j) state.push_back(node.inputs[first_state_in + j]);
    std::string_view condition = is_loop ? node.inputs[1] : std::string_view();
    std::vector<std::vector<std::string_view>> slices(scan_outputs);
    SmallVector<bool, 4> named_by_body(states, false);  // the last iteration computed the loop's output itself
    for (int64_t t = 0; t < plan.iterations; ++t) {
        SplicedNames names(arena, prefix + "/" + std::to_string(t));
        if (is_loop) {
            int_tensor(out, names.own(body.inputs[0].name), DType::Int64, {}, {t});
            if (condition.empty()) int_tensor(out, names.own(body.inputs[1].name), DType::Bool, {}, {1});
            else names.bind(body.inputs[1].name, condition);
        }
        for (size_t j = 0; j < states; ++j) names.bind(body.inputs[first_state_in + j].name, state[j]);
        for (size_t k = 0; k < plan.input_axes.size(); ++k) {
            const size_t in = first_state_in + states + k;
            const bool reverse = [&] {
                const Attribute* d = node.attribute("scan_input_directions");
                return d && k < d->ints.size() && d->ints[k] == 1;
            }();
            const std::string slice_name = names.prefix() + "/slice_" + std::to_string(k);
            const std::string_view position = int_tensor(out, arena.store(slice_name + "/position"), DType::Int64, {}, {reverse ? plan.iterations - 1 - t : t});
            out.graph.nodes.push_back(added_node(arena, slice_name, "Gather", {node.inputs[in], position}, names.own(body.inputs[in].name),
                                                 {Attribute{.name = "axis", .type = Attribute::Type::Int, .i = plan.input_axes[k]}}));
        }
        if (t + 1 == plan.iterations)  // the last iteration writes the loop's outputs
            for (size_t j = 0; j < states; ++j) {
                const std::string_view result = body.outputs[first_state_out + j].name, output = node.outputs[j];
                bool input = false;
                for (const ValueInfo& in : body.inputs) input = input || in.name == result;
                if (output.empty() || input || !defines(body, result) || names.outer(result) != result) continue;
                names.bind(result, output);
                named_by_body[j] = true;
            }
        append_spliced_body(body, names, out, bounded_loop);
        if (is_loop) condition = names.outer(body.outputs[0].name);
        for (size_t j = 0; j < states; ++j) state[j] = names.outer(body.outputs[first_state_out + j].name);
        for (size_t l = 0; l < scan_outputs; ++l) slices[l].push_back(names.outer(body.outputs[first_state_out + states + l].name));
    }
    for (size_t j = 0; j < states; ++j)
        if (!named_by_body[j] && !node.outputs[j].empty())
            out.graph.nodes.push_back(added_node(arena, prefix + "/output_" + std::to_string(j), "Identity", {state[j]}, node.outputs[j]));
    const Attribute* output_axes = node.attribute("scan_output_axes");
    const Attribute* output_directions = node.attribute("scan_output_directions");
    for (size_t l = 0; l < scan_outputs; ++l) {
        const std::string_view output = node.outputs[states + l];
        if (output.empty()) continue;
        if (output_directions && l < output_directions->ints.size() && output_directions->ints[l] == 1) std::reverse(slices[l].begin(), slices[l].end());
        const int64_t axis = output_axes && l < output_axes->ints.size() ? output_axes->ints[l] : 0;
        stack(slices[l], axis, output, prefix + "/stack_" + std::to_string(l), out, opset);
    }
}

}  // namespace wattlayer
