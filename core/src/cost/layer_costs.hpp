#pragma once
// The cost stage: per layer (a node that is not folded), its FLOPs, parameters, bytes read
// (activations and weights) and bytes written, from the inferred shapes; and the model's totals.
#include <cstdint>
#include <vector>

#include "infer/infer.hpp"
#include "model/graph.hpp"
#include "wattlayer/report.hpp"

namespace wattlayer {

struct LayerCost {
    size_t node = 0;               // index into the graph's nodes (and the inference's)
    int64_t flops = 0;
    int64_t params = 0;
    int64_t bytes_read = 0;        // activations and weights
    int64_t weight_bytes = 0;      // the part of bytes_read that is weights (initializers)
    int64_t bytes_written = 0;
};

struct LayerCosts {
    std::vector<LayerCost> layers;  // in execution order: the report's layers
    Totals total;
};

// Costs stay 0 for a layer whose output shapes are not all known. Throws Error("overflow")
// naming the layer when a count does not fit in 64 bits.
LayerCosts count_costs(const Model& model, const Inference& inf);

// A batch asked of a graph without a batch axis is that many passes of one (Inference::passes):
// every layer runs `passes` times, its FLOPs and bytes with it.
void repeat_passes(LayerCosts& costs, int64_t passes);

}  // namespace wattlayer
