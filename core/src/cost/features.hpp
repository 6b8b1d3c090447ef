#pragma once
// Per-layer features: FLOPs, parameters, bytes read (activations and weights) and bytes written.
#include "shape/infer.hpp"
#include "wattlayer/report.hpp"

namespace wattlayer {

// Fills the cost fields of `layer` for node `n`. Costs stay 0 when an output shape is unknown.
void count_layer_costs(const Model& model, const Inference& inf, size_t n, LayerReport& layer);

// Bytes of a tensor with a fully known shape (sub-byte types rounded up), else 0.
int64_t tensor_bytes(const Value& v);

}  // namespace wattlayer
