#include "packed_models.hpp"

#include <algorithm>
#include <cmath>

namespace wattlayer::fit {
namespace {

double over(double amount, double rate) { return std::isfinite(rate) ? amount / rate : 0.0; }

// Whether point b lies strictly below the segment from a to c (H increasing left to right).
bool below(double ha, double ga, double hb, double gb, double hc, double gc) { return (hb - ha) * (gc - ga) - (gb - ga) * (hc - ha) > 0; }

}  // namespace

PackedModels::PackedModels(const std::vector<const std::vector<LayerCall>*>& models, const OpLevelFit& op) {
    starts_.push_back(0);
    for (const std::vector<LayerCall>* calls : models) {
        const size_t first = host_done_.size();
        double host = 0, energy = 0;
        for (const LayerCall& c : *calls) {
            if (c.cls == EnergyClass::Free) continue;
            const ClassCoefficients& k = op.classes[static_cast<size_t>(c.cls)];
            host += op.host_s[static_cast<size_t>(c.host)];
            host_done_.push_back(host);
            gpu_tail_.push_back(k.c0_s + over(c.flops, k.flops_per_s) + over(c.bytes, k.bytes_per_s));
            energy += k.gamma_j + k.alpha_j_per_flop * c.flops + k.beta_j_per_byte * c.bytes;
        }
        for (size_t i = host_done_.size(); i-- > first + 1;) gpu_tail_[i - 1] += gpu_tail_[i];  // suffix sums
        // max_k (a H_k + s G_k) is reached on the upper convex hull of the points (H_k, G_k), H
        // non-decreasing in k: keep its vertices only (a few of a model's hundreds of calls).
        size_t kept = first;
        for (size_t k = first; k < host_done_.size(); ++k) {
            while (kept >= first + 2 &&
                   below(host_done_[kept - 2], gpu_tail_[kept - 2], host_done_[kept - 1], gpu_tail_[kept - 1], host_done_[k], gpu_tail_[k]))
                --kept;
            host_done_[kept] = host_done_[k];
            gpu_tail_[kept] = gpu_tail_[k];
            ++kept;
        }
        host_done_.resize(kept);
        gpu_tail_.resize(kept);
        starts_.push_back(host_done_.size());
        dynamic_j_.push_back(energy);
    }
}

void PackedModels::times(double host_scale, double tau0_s, double gpu_scale, std::vector<double>& out) const {
    out.resize(size());
    for (size_t m = 0; m < size(); ++m) {
        double longest = 0;
        for (size_t k = starts_[m]; k < starts_[m + 1]; ++k) longest = std::max(longest, host_scale * host_done_[k] + gpu_scale * gpu_tail_[k]);
        out[m] = tau0_s + longest;
    }
}

}  // namespace wattlayer::fit
