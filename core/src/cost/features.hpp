#pragma once
// Per-layer features: FLOPs, parameters, bytes read (activations and weights) and bytes written.
#include "shape/infer.hpp"
#include "wattlayer/report.hpp"

namespace wattlayer {

// Fills the cost fields of `layer` for node `n`. Costs stay 0 when an output shape is unknown.
void count_layer_costs(const Model& model, const Inference& inf, size_t n, LayerReport& layer);

// Whether input `i` of a layer (value `v`) is one of its parameters: a float initializer that
// carries data (not a shape input such as a Reshape target) into a layer that reads it.
bool is_parameter_input(const OpRule* rule, size_t i, const Value& v);

// Bytes of a tensor with a fully known shape (sub-byte types rounded up), else 0.
int64_t tensor_bytes(const Value& v);

}  // namespace wattlayer
