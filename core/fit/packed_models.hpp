#pragma once
// Many models' calls flattened for the whole-model fits, which evaluate the pipeline time of every
// training model thousands of times: T = tau0 + max_k (a H_k + s G_k), with H_k the isolated host
// costs issued up to call k and G_k the GPU time of calls k and after.
#include <vector>

#include "op_level_fit.hpp"
#include "wattlayer/wattlayer.hpp"

namespace wattlayer::fit {

class PackedModels {
public:
    PackedModels(const std::vector<const std::vector<LayerCall>*>& models, const OpLevelFit& op);

    size_t size() const { return dynamic_j_.size(); }
    // Wall time per model with host costs scaled by `host_scale`, GPU times by `gpu_scale`.
    void times(double host_scale, double tau0_s, double gpu_scale, std::vector<double>& out) const;
    // Sum of the calls' dynamic energies, per model.
    const std::vector<double>& dynamic_j() const { return dynamic_j_; }

private:
    std::vector<size_t> starts_;      // first point of each model; one past the end last
    std::vector<double> host_done_;   // H_k (unscaled), at the vertices of the upper hull of (H_k, G_k)
    std::vector<double> gpu_tail_;    // G_k (unscaled), likewise
    std::vector<double> dynamic_j_;
};

}  // namespace wattlayer::fit
