#include "profile_summary.hpp"

#include <cmath>
#include <cstdio>

namespace wattlayer::fit {
namespace {

std::string format(const char* fmt, double a, double b = 0, double c = 0, double d = 0, double e = 0, double f = 0) {
    char line[200];
    std::snprintf(line, sizeof line, fmt, a, b, c, d, e, f);
    return line;
}

std::string rate(double v, double unit) {
    if (!std::isfinite(v)) return "     -";
    return format("%6.0f", v / unit);
}

}  // namespace

std::string profile_summary(const HardwareProfile& p) {
    std::string out = p.id + " (" + p.name + ", " + p.source + ")\n";
    out += "class            gamma mJ  alpha pJ/FLOP  beta pJ/B   c0 us  TFLOP/s   GB/s\n";
    for (size_t c = 0; c < kEnergyClasses; ++c) {
        const auto cls = static_cast<EnergyClass>(c);
        if (cls == EnergyClass::View || cls == EnergyClass::Free) continue;
        const ClassCoefficients& k = p.classes[c];
        char name[32];
        std::snprintf(name, sizeof name, "%-15s", std::string(energy_class_name(cls)).c_str());
        out += name + format("  %8.4f  %13.2f  %9.1f  %6.2f", k.gamma_j * 1e3, k.alpha_j_per_flop * 1e12, k.beta_j_per_byte * 1e12, k.c0_s * 1e6) + "  " +
               rate(k.flops_per_s, 1e12) + "  " + rate(k.bytes_per_s, 1e9) + "\n";
    }
    out += "host per isolated call (us):";
    for (size_t g = 0; g < kHostGroups; ++g) {
        if (static_cast<HostGroup>(g) == HostGroup::None) continue;
        out += " " + std::string(host_group_name(static_cast<HostGroup>(g))) + format("=%.1f", p.host_s[g] * 1e6);
    }
    out += "\n" + format("host_scale a = %.4f  tau0 = %.1f us  P_idle = %.1f W  P_x = %.1f W  interval x[%.3f, %.3f]\n", p.host_scale,
                         p.tau0_s * 1e6, p.idle_w, p.extra_w, p.ratio_low, p.ratio_high);
    return out;
}

}  // namespace wattlayer::fit
