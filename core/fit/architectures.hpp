#pragma once
// The development architectures as the estimator sees them: their ONNX files (data/onnx/NAME_b1.onnx)
// inspected at each measured batch size and turned into calls.
#include <cstdint>
#include <string>
#include <vector>

#include "wattlayer/wattlayer.hpp"

namespace wattlayer::fit {

struct ArchitectureAtBatch {
    int64_t batch = 1;
    std::vector<LayerCall> calls;
    size_t num_layers = 0;
    // Whole-model totals, for the baselines.
    double flops = 0;
    double bytes = 0;  // read + written
    bool shapes_known = true;    // every layer's shape known exactly (none unknown, none at a bound)
    bool batch_applied = true;   // the graph has a batch axis
};

struct Architecture {
    std::string name;
    std::string task;
    std::vector<ArchitectureAtBatch> batches;  // one per measured batch size, in order

    const ArchitectureAtBatch* at(int64_t batch) const;
    // Shapes inferred and the batch applied at every batch size: fit for the whole-model terms.
    bool usable() const;
};

// A graph without a batch axis (detection models take a list of images) runs `batch` single-image
// passes: its calls repeated `batch` times.
ArchitectureAtBatch repeated(const ArchitectureAtBatch& single, int64_t batch);

// Throws Error when a file is missing or unreadable.
Architecture load_architecture(const std::string& onnx_path, const std::string& name, const std::string& task,
                               const std::vector<int64_t>& batches);

}  // namespace wattlayer::fit
