#pragma once
// Per-layer features: FLOPs, parameters, bytes read (activations and weights) and bytes written.
#include "core_math.hpp"
#include "infer/infer.hpp"
#include "wattlayer/report.hpp"

namespace wattlayer {

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

// FLOPs of the layers of one inference by their operators' FLOP rules, with the lists a rule's
// context views reused from layer to layer.
class LayerFlops {
public:
    LayerFlops(const Model& model, const Inference& inf) : model_(model), inf_(inf) {}
    // Node `n`'s FLOPs; 0 when a shape is unknown or the operator does no arithmetic.
    int64_t count(size_t n);

private:
    const Model& model_;
    const Inference& inf_;
    std::vector<const Value*> inputs_, outputs_;
};

// Fills the cost fields of `layer` but FLOPs for node `n`. Costs stay 0 when an output shape is unknown.
void count_layer_costs(const Model& model, const Inference& inf, size_t n, TensorSizes& sizes, LayerReport& layer);

// Whether input `i` of a layer (value `v`) is one of its parameters: a float initializer that
// carries data (not a shape input such as a Reshape target) into a layer that reads it.
inline bool is_parameter_input(const OpRule* rule, size_t i, const Value& v) {
    const bool shape_input = rule && i < 32 && ((rule->shape_inputs >> i) & 1u);
    const bool view = rule && rule->memory == Memory::View;
    return !shape_input && !view && v.weight_id >= 0 && dtype_is_float(v.dtype);
}

}  // namespace wattlayer
