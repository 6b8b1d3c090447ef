#pragma once
// ONNX layers -> the calls PyTorch eager makes for them (see classify.cpp).
#include <vector>

#include "cost/layer_costs.hpp"
#include "infer/infer.hpp"
#include "model/graph.hpp"
#include "wattlayer/energy.hpp"

namespace wattlayer {

// The calls of the layers of `costs`, in execution order; LayerCall::layer indexes costs.layers.
std::vector<LayerCall> classify_layers(const Model& model, const Inference& inf, const LayerCosts& costs);

// The calls of `passes` passes of one (Inference::passes), one pass after the other, each call on
// its layer: a layer's energy and time add up over the passes.
void repeat_calls(std::vector<LayerCall>& calls, int64_t passes);

}  // namespace wattlayer
