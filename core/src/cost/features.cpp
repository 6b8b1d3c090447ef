#include "cost/features.hpp"

#include "core_math.hpp"

namespace wattlayer {
namespace {

// The values of some ids; an omitted one (kNone) is nullptr, or `omitted` when given.
void values_of(Span<size_t> ids, const Inference& inf, const Value* omitted, std::vector<const Value*>& out) {
    out.clear();
    for (size_t id : ids) out.push_back(id == Inference::kNone ? omitted : &inf.values[id]);
}

}  // namespace

int64_t LayerFlops::count(size_t n) {
    const NodeOutcome& outcome = inf_.nodes[n];
    if (!outcome.shape_known || !outcome.rule || !outcome.rule->flops.fn) return 0;
    static const Value kOmitted;  // an omitted output: unknown, as the rules left it
    values_of(outcome.inputs, inf_, nullptr, inputs_);
    values_of(outcome.outputs, inf_, &kOmitted, outputs_);
    const FlopContext ctx{{model_.graph.nodes[n], inputs_}, outputs_};
    return outcome.rule->flops.fn(ctx, outcome.rule->flops_per_element);
}

void count_layer_costs(const Model& model, const Inference& inf, size_t n, TensorSizes& sizes, LayerReport& layer) {
    const Node& node = model.graph.nodes[n];
    const NodeOutcome& outcome = inf.nodes[n];
    const OpRule* rule = outcome.rule;
    auto shape_input = [&](size_t i) { return rule && i < 32 && ((rule->shape_inputs >> i) & 1u); };

    const bool view = rule && rule->memory == Memory::View;
    for (size_t i = 0; i < outcome.inputs.size(); ++i) {
        const size_t id = outcome.inputs[i];
        if (id == Inference::kNone || !is_parameter_input(rule, i, inf.values[id])) continue;
        layer.params = checked_add(layer.params, std::max<int64_t>(sizes.numel(id), 0), "a parameter count");
    }
    if (node.params) layer.params = *node.params;
    if (!layer.shape_known) return;

    if (view) return;
    const size_t first_output = outcome.outputs.empty() ? Inference::kNone : outcome.outputs[0];
    for (size_t i = 0; i < outcome.inputs.size(); ++i) {
        const size_t id = outcome.inputs[i];
        if (id == Inference::kNone || shape_input(i)) continue;
        int64_t bytes = sizes.bytes(id);
        if (rule && rule->memory == Memory::OutputSized && i == 0 && first_output != Inference::kNone)
            bytes = std::min(bytes, sizes.bytes(first_output));  // a gather reads what it writes
        layer.bytes_read = checked_add(layer.bytes_read, bytes, "a byte count");
        if (inf.values[id].weight_id >= 0) layer.weight_bytes = checked_add(layer.weight_bytes, bytes, "a byte count");
    }
    for (size_t id : outcome.outputs)
        if (id != Inference::kNone) layer.bytes_written = checked_add(layer.bytes_written, sizes.bytes(id), "a byte count");
}

}  // namespace wattlayer
