#include "packed_models.hpp"

#include <algorithm>
#include <cmath>

namespace wattlayer::fit {
namespace {

double over(double amount, double rate) { return std::isfinite(rate) ? amount / rate : 0.0; }

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
