#include "bounded_coefficients.hpp"

#include <cmath>
#include <string>

#include "op_level_fit.hpp"
#include "whole_model_fit.hpp"

namespace wattlayer::fit {
namespace {

bool on(double value, double bound) { return std::fabs(value / bound - 1) < 1e-9; }

}  // namespace

nlohmann::json bounded_coefficients(const HardwareProfile& p, double c0_max_s) {
    const GpuTimeBounds b = gpu_time_bounds(c0_max_s);
    nlohmann::json out = nlohmann::json::array();
    auto add = [&](const std::string& owner, const char* coefficient, double value, const std::string& bound) {
        out.push_back({{"of", owner}, {"coefficient", coefficient}, {"value", value}, {"bound", bound}});
    };
    for (size_t c = 0; c < kEnergyClasses; ++c) {
        const auto cls = static_cast<EnergyClass>(c);
        if (cls == EnergyClass::View || cls == EnergyClass::Free) continue;
        const std::string name(energy_class_name(cls));
        const ClassCoefficients& k = p.classes[c];
        if (k.gamma_j == 0) add(name, "gamma_j", 0, "lower (non-negative)");
        if (k.alpha_j_per_flop == 0) add(name, "alpha_j_per_flop", 0, "lower (non-negative)");
        if (k.beta_j_per_byte == 0) add(name, "beta_j_per_byte", 0, "lower (non-negative)");
        if (on(k.c0_s, b.c0_min_s)) add(name, "c0_s", k.c0_s, "lower");
        if (on(k.c0_s, b.c0_max_s)) add(name, "c0_s", k.c0_s, "upper (fit choice)");
        if (std::isfinite(k.flops_per_s) && (on(k.flops_per_s, b.rate_min) || on(k.flops_per_s, b.rate_max)))
            add(name, "flops_per_s", k.flops_per_s, on(k.flops_per_s, b.rate_min) ? "lower" : "upper (datasheet peak)");
        if (on(k.bytes_per_s, b.bandwidth_min) || on(k.bytes_per_s, b.bandwidth_max))
            add(name, "bytes_per_s", k.bytes_per_s, on(k.bytes_per_s, b.bandwidth_min) ? "lower" : "upper (datasheet HBM peak)");
    }
    if (p.extra_w == 0 || p.extra_w == kMaxExtraW) add("model", "extra_w", p.extra_w, p.extra_w == 0 ? "lower" : "upper");
    return out;
}

}  // namespace wattlayer::fit
