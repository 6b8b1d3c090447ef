#include <algorithm>
#include <cmath>
#include <limits>

#include "nelder_mead.hpp"
#include "op_level_fit.hpp"

namespace wattlayer::fit {
namespace {

bool is_compute(EnergyClass c) { return c == EnergyClass::Conv || c == EnergyClass::ConvDepthwise || c == EnergyClass::MatMul; }

}  // namespace

GpuTimeBounds gpu_time_bounds(double c0_max_s) { return {1e-6, c0_max_s, 0.5e12, 989.5e12, 2e11, 3.35e12}; }

void fit_gpu_time(const std::vector<const OpRow*>& rows, double c0_max_s, OpLevelFit& fit) {
    const GpuTimeBounds b = gpu_time_bounds(c0_max_s);
    const Eigen::Vector3d low = Eigen::Vector3d(b.c0_min_s, b.rate_min, b.bandwidth_min).array().log();
    const Eigen::Vector3d high = Eigen::Vector3d(b.c0_max_s, b.rate_max, b.bandwidth_max).array().log();
    for (EnergyClass c : {EnergyClass::Conv, EnergyClass::ConvDepthwise, EnergyClass::MatMul, EnergyClass::Normalization,
                          EnergyClass::Elementwise, EnergyClass::Pooling, EnergyClass::Copy}) {
        std::vector<const OpRow*> of_class;
        for (const OpRow* r : rows)
            if (r->cls == c && !r->reused) of_class.push_back(r);
        const bool compute = is_compute(c);
        auto loss = [&](const Eigen::VectorXd& th) {
            const Eigen::Vector3d p = th.cwiseMax(low).cwiseMin(high).array().exp();
            double sum = 0;
            for (const OpRow* r : of_class) {
                const double d = std::log(p(0) + (compute ? r->flops / p(1) : 0) + r->bytes / p(2)) - std::log(r->time_s);
                // A host-bound record only says the kernel took at most its time.
                const double e = gpu_bound(*r) ? d : std::max(0.0, d);
                sum += e * e;
            }
            return sum;
        };
        Eigen::VectorXd th = Eigen::Vector3d(3e-6, compute ? 3e13 : 1e15, 2e12).array().log();
        th = nelder_mead(loss, th, 1.0, 3000).x;
        th = nelder_mead(loss, th, 0.3, 3000).x;
        const Eigen::Vector3d p = th.cwiseMax(low).cwiseMin(high).array().exp();
        ClassCoefficients& k = fit.classes[static_cast<size_t>(c)];
        k.c0_s = p(0);
        k.flops_per_s = compute ? p(1) : std::numeric_limits<double>::infinity();
        k.bytes_per_s = p(2);
    }
}

}  // namespace wattlayer::fit
