// A hardware profile applied to a model's calls: the host->GPU launch pipeline and each layer's
// share of its wall time and energy (equations in energy.hpp).
#include <algorithm>
#include <cmath>

#include "wattlayer/energy.hpp"
#include "wattlayer/error.hpp"

namespace wattlayer {
namespace {

// A rate the fit dropped is infinite: its term is zero.
double over(double amount, double rate) { return std::isfinite(rate) ? amount / rate : 0.0; }

}  // namespace

ModelEnergy apply_profile(const std::vector<LayerCall>& calls, size_t num_layers, const HardwareProfile& profile) {
    ModelEnergy out;
    out.layers.resize(num_layers);
    const double board_w = profile.idle_w + profile.extra_w;
    double host_done = 0;  // when the host has issued every call so far
    double gpu_done = 0;   // when the GPU has finished every call so far (f_k)
    for (const LayerCall& c : calls) {
        if (c.layer >= num_layers) throw Error("internal", "a call refers to a layer the report does not have");
        if (c.cls == EnergyClass::Free) continue;
        const ClassCoefficients& k = profile.classes[static_cast<size_t>(c.cls)];
        const double gpu_s = k.c0_s + over(c.flops, k.flops_per_s) + over(c.bytes, k.bytes_per_s);
        const double dynamic_j = k.gamma_j + k.alpha_j_per_flop * c.flops + k.beta_j_per_byte * c.bytes;
        host_done += profile.host_scale * profile.host_s[static_cast<size_t>(c.host)];
        // The kernel starts when both the host has launched it and the GPU is free.
        const double finished = std::max(gpu_done, host_done) + gpu_s;
        const double share_s = finished - gpu_done;
        gpu_done = finished;
        LayerEnergy& layer = out.layers[c.layer];
        layer.time_s += share_s;
        layer.energy_j += board_w * share_s + dynamic_j;
    }
    out.overhead_time_s = profile.tau0_s;
    out.overhead_energy_j = board_w * profile.tau0_s;
    // Totals as sums of the parts, so that layers and overhead add up to them exactly.
    out.time_s = out.overhead_time_s;
    out.energy_j = out.overhead_energy_j;
    for (const LayerEnergy& l : out.layers) {
        out.time_s += l.time_s;
        out.energy_j += l.energy_j;
    }
    return out;
}

}  // namespace wattlayer
