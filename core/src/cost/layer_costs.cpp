#include "cost/layer_costs.hpp"

#include <algorithm>

#include "core_math.hpp"
#include "wattlayer/error.hpp"

namespace wattlayer {
namespace {

// Element counts of an inference's values, each computed once: a tensor is written by one layer
// and read by the next ones, and a weight is counted by its layer and by the model total.
class TensorSizes {
public:
    explicit TensorSizes(const Inference& inf) : inf_(inf), numel_(inf.values.size(), kNotYet) {}
    // Element count of value `id` when its shape is fully known, else -1. Throws Error("overflow").
    int64_t numel(size_t id) {
        int64_t& n = numel_[id];
        if (n == kNotYet) n = inf_.values[id].numel();
        return n;
    }
    // Bytes of value `id` when its shape is fully known (sub-byte types rounded up), else 0.
    int64_t bytes(size_t id) {
        const int64_t n = numel(id);
        if (n <= 0) return 0;
        const int64_t bits = checked_mul(n, dtype_bits(inf_.values[id].dtype), "a tensor's size in bits");
        return (bits + 7) / 8;
    }

private:
    static constexpr int64_t kNotYet = -2;
    const Inference& inf_;
    std::vector<int64_t> numel_;
};

// The values of some ids; an omitted one (kNone) is nullptr, or `omitted` when given.
void values_of(Span<size_t> ids, const Inference& inf, const Value* omitted, std::vector<const Value*>& out) {
    out.clear();
    for (size_t id : ids) out.push_back(id == Inference::kNone ? omitted : &inf.values[id]);
}

// FLOPs of the layers of one inference by their operators' FLOP rules, with the lists a rule's
// context views reused from layer to layer.
class LayerFlops {
public:
    LayerFlops(const Model& model, const Inference& inf) : model_(model), inf_(inf) {}
    // Node `n`'s FLOPs; 0 when a shape is unknown or the operator does no arithmetic.
    int64_t count(size_t n) {
        const NodeOutcome& outcome = inf_.nodes[n];
        if (!outcome.shape_known || !outcome.rule || !outcome.rule->flops.fn) return 0;
        static const Value kOmitted;  // an omitted output: unknown, as the rules left it
        values_of(outcome.inputs, inf_, nullptr, inputs_);
        values_of(outcome.outputs, inf_, &kOmitted, outputs_);
        const FlopContext ctx{{model_.graph.nodes[n], inputs_}, outputs_};
        return outcome.rule->flops.fn(ctx, outcome.rule->flops_per_element);
    }

private:
    const Model& model_;
    const Inference& inf_;
    std::vector<const Value*> inputs_, outputs_;
};

// Whether input `i` of a layer (value `v`) is one of its parameters: a float initializer that
// carries data (not a shape input such as a Reshape target) into a layer that reads it.
// Quantized weights count too: integer initializers that a convolution or a matmul multiplies by
// (QLinearConv, ConvInteger, MatMulInteger, MatMulNBits, ...) or that DequantizeLinear turns into
// a float weight (its input 0; scales and zero points are not parameters).
bool is_parameter_input(const OpRule* rule, size_t i, const Value& v) {
    const bool view = rule && rule->memory == Memory::View;
    if ((rule && rule->is_shape_input(i)) || view || v.weight_id < 0) return false;
    if (dtype_is_float(v.dtype)) return true;
    if (!rule || !dtype_is_integer(v.dtype) || v.dtype == DType::Bool) return false;
    return rule->category == Category::Conv || rule->category == Category::MatMul || (rule->op == "DequantizeLinear" && i == 0);
}

// The parameters input `i` holds: its element count, but for MatMulNBits's packed matrix (several
// weights a byte), whose count is N x K.
int64_t parameters_of(const Node& node, const OpRule* rule, size_t i, int64_t elements) {
    if (rule && rule->op == "MatMulNBits" && i == MatMulNBitsIn::B) {
        const Attribute* n = node.attribute("N");
        const Attribute* k = node.attribute("K");
        if (n && k && n->i > 0 && k->i > 0) return checked_mul(n->i, k->i, "a parameter count");
    }
    return std::max<int64_t>(elements, 0);
}

// Parameters and bytes of node `n` (FLOPs apart). Bytes stay 0 when an output shape is unknown.
void count_params_and_bytes(const Node& node, const NodeOutcome& outcome, const Inference& inf, TensorSizes& sizes, LayerCost& layer) {
    const OpRule* rule = outcome.rule;

    for (size_t i = 0; i < outcome.inputs.size(); ++i) {
        const size_t id = outcome.inputs[i];
        if (id == Inference::kNone || !is_parameter_input(rule, i, inf.values[id])) continue;
        layer.params = checked_add(layer.params, parameters_of(node, rule, i, sizes.numel(id)), "a parameter count");
    }
    if (node.params) layer.params = *node.params;
    if (!outcome.shape_known || (rule && rule->memory == Memory::View)) return;

    const size_t first_output = outcome.outputs.empty() ? Inference::kNone : outcome.outputs[0];
    for (size_t i = 0; i < outcome.inputs.size(); ++i) {
        const size_t id = outcome.inputs[i];
        if (id == Inference::kNone || (rule && rule->is_shape_input(i))) continue;
        int64_t bytes = sizes.bytes(id);
        if (rule && rule->memory == Memory::OutputSized && i == 0 && first_output != Inference::kNone)
            bytes = std::min(bytes, sizes.bytes(first_output));  // a gather reads what it writes
        layer.bytes_read = checked_add(layer.bytes_read, bytes, "a byte count");
        if (inf.values[id].weight_id >= 0) layer.weight_bytes = checked_add(layer.weight_bytes, bytes, "a byte count");
    }
    for (size_t id : outcome.outputs)
        if (id != Inference::kNone) layer.bytes_written = checked_add(layer.bytes_written, sizes.bytes(id), "a byte count");
}

std::string layer_label(const Node& node, size_t n) {
    return node.name.empty() ? std::string(node.op) + "_" + std::to_string(n) : std::string(node.name);
}

}  // namespace

LayerCosts count_costs(const Model& model, const Inference& inf) {
    LayerCosts costs;
    costs.layers.reserve(inf.order.size());
    std::vector<bool> counted_weights(inf.weight_count, false);
    TensorSizes sizes(inf);
    LayerFlops flops(model, inf);
    Totals& total = costs.total;
    for (size_t n : inf.order) {
        const Node& node = model.graph.nodes[n];
        const NodeOutcome& outcome = inf.nodes[n];
        if (outcome.folded) {
            ++total.folded_nodes;
            continue;
        }
        LayerCost& layer = costs.layers.emplace_back();
        layer.node = n;
        try {
            if (outcome.shape_known) layer.flops = flops.count(n);
        } catch (const Error& e) {
            throw Error(e.code(), "layer '" + std::string(node.name) + "' (" + std::string(node.op) + "): " + e.what());
        }
        try {
            count_params_and_bytes(node, outcome, inf, sizes, layer);
        } catch (const Error& e) {
            throw Error(e.code(), "layer '" + layer_label(node, n) + "': " + e.what());
        }
        for (size_t i = 0; i < outcome.inputs.size(); ++i) {  // unique parameters: a shared weight counts once
            const size_t id = outcome.inputs[i];
            if (id == Inference::kNone || node.params) continue;
            const Value& v = inf.values[id];
            if (!is_parameter_input(outcome.rule, i, v) || counted_weights[static_cast<size_t>(v.weight_id)]) continue;
            counted_weights[static_cast<size_t>(v.weight_id)] = true;
            total.params = checked_add(total.params, parameters_of(node, outcome.rule, i, sizes.numel(id)), "the parameter total");
        }
        if (node.params) total.params = checked_add(total.params, *node.params, "the parameter total");
        total.flops = checked_add(total.flops, layer.flops, "the FLOP total");
        total.bytes_read = checked_add(total.bytes_read, layer.bytes_read, "the byte total");
        total.bytes_written = checked_add(total.bytes_written, layer.bytes_written, "the byte total");
        ++total.layers;
        if (!outcome.shape_known) ++total.unknown_shape_layers;
        if (!outcome.rule) ++total.unknown_operator_layers;
        if (outcome.bounded) {
            ++total.bounded_layers;
            total.bounded_flops = checked_add(total.bounded_flops, layer.flops, "the FLOP total");
        }
    }
    return costs;
}

void repeat_passes(LayerCosts& costs, int64_t passes) {
    if (passes <= 1) return;
    const auto times = [passes](int64_t& count) { count = checked_mul(count, passes, "a count over the passes"); };
    for (LayerCost& layer : costs.layers) {
        times(layer.flops);
        times(layer.bytes_read);
        times(layer.weight_bytes);
        times(layer.bytes_written);
    }
    Totals& total = costs.total;  // parameters stay: every pass reads the same weights
    times(total.flops);
    times(total.bytes_read);
    times(total.bytes_written);
    times(total.bounded_flops);
}

}  // namespace wattlayer
