#pragma once
// Per-layer features: FLOPs, parameters, bytes read (activations and weights) and bytes written.
#include "shape/infer.hpp"
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
    int64_t bytes(size_t id);

private:
    static constexpr int64_t kNotYet = -2;
    const Inference& inf_;
    std::vector<int64_t> numel_;
};

// Fills the cost fields of `layer` for node `n`. Costs stay 0 when an output shape is unknown.
void count_layer_costs(const Model& model, const Inference& inf, size_t n, TensorSizes& sizes, LayerReport& layer);

// Whether input `i` of a layer (value `v`) is one of its parameters: a float initializer that
// carries data (not a shape input such as a Reshape target) into a layer that reads it.
bool is_parameter_input(const OpRule* rule, size_t i, const Value& v);

}  // namespace wattlayer
