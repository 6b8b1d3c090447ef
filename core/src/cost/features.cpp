#include "cost/features.hpp"

#include "core_math.hpp"

namespace wattlayer {

int64_t tensor_bytes(const Value& v) {
    const int64_t n = v.numel();
    if (n <= 0) return 0;
    const int64_t bits = checked_mul(n, dtype_bits(v.dtype), "a tensor's size in bits");
    return (bits + 7) / 8;
}

void count_layer_costs(const Model& model, const Inference& inf, size_t n, LayerReport& layer) {
    const Node& node = model.graph.nodes[n];
    const NodeOutcome& outcome = inf.nodes[n];
    const OpRule* rule = outcome.rule;
    static const BatchRewrite kNoRewrite;
    NodeContext ctx{node, model.default_opset(), kNoRewrite, {}, {}, {}};
    for (size_t id : outcome.inputs) ctx.inputs.push_back(id == Inference::kNone ? nullptr : &inf.values[id]);
    for (size_t id : outcome.outputs) {  // shapes only: FLOP rules never read folded values
        ctx.outputs.emplace_back();
        if (id == Inference::kNone) continue;
        const Value& v = inf.values[id];
        ctx.outputs.back() = Value::with_dims(v.dtype, v.dims);
        ctx.outputs.back().has_rank = v.has_rank;
    }

    // Parameters: the float initializers a layer consumes (shape inputs such as Reshape targets are not).
    const bool view = rule && rule->memory == Memory::View;
    for (size_t i = 0; i < ctx.inputs.size(); ++i) {
        const Value* v = ctx.inputs[i];
        const bool shape_input = rule && i < 32 && ((rule->shape_inputs >> i) & 1u);
        if (!v || shape_input || view || v->weight_id < 0 || !dtype_is_float(v->dtype)) continue;
        layer.params = checked_add(layer.params, std::max<int64_t>(v->numel(), 0), "a parameter count");
    }
    if (node.params) layer.params = *node.params;
    if (!layer.shape_known) return;

    layer.flops = rule ? rule->flops(ctx, *rule) : 0;
    if (view) return;
    for (size_t i = 0; i < ctx.inputs.size(); ++i) {
        const Value* v = ctx.inputs[i];
        if (!v || (rule && i < 32 && ((rule->shape_inputs >> i) & 1u))) continue;
        int64_t bytes = tensor_bytes(*v);
        if (rule && rule->memory == Memory::OutputSized && i == 0 && !ctx.outputs.empty())
            bytes = std::min(bytes, tensor_bytes(ctx.outputs[0]));  // a gather reads what it writes
        layer.bytes_read = checked_add(layer.bytes_read, bytes, "a byte count");
        if (v->weight_id >= 0) layer.weight_bytes = checked_add(layer.weight_bytes, bytes, "a byte count");
    }
    for (const Value& out : ctx.outputs) layer.bytes_written = checked_add(layer.bytes_written, tensor_bytes(out), "a byte count");
}

}  // namespace wattlayer
