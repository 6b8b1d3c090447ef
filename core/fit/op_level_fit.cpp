#include "op_level_fit.hpp"

namespace wattlayer::fit {

OpLevelFit fit_op_level(const std::vector<OpRow>& rows, const std::set<std::string>& excluded, double c0_max_s) {
    std::vector<const OpRow*> used;
    for (const OpRow& r : rows)
        if (!excluded.count(r.model)) used.push_back(&r);
    OpLevelFit fit;
    fit.rows = used.size();
    fit_dynamic_energy(used, fit);
    fit_gpu_time(used, c0_max_s, fit);
    fit_host_floors(used, fit);
    // Classes without a time fit of their own borrow one: attention runs as GEMMs, a reduction
    // streams its input like an elementwise kernel.
    auto borrow_time = [&](EnergyClass to, EnergyClass from) {
        ClassCoefficients& k = fit.classes[static_cast<size_t>(to)];
        const ClassCoefficients& src = fit.classes[static_cast<size_t>(from)];
        k.c0_s = src.c0_s;
        k.flops_per_s = src.flops_per_s;
        k.bytes_per_s = src.bytes_per_s;
    };
    borrow_time(EnergyClass::Attention, EnergyClass::MatMul);
    borrow_time(EnergyClass::Reduction, EnergyClass::Elementwise);
    return fit;
}

}  // namespace wattlayer::fit
