#include <algorithm>
#include <cmath>
#include <limits>

#include "nelder_mead.hpp"
#include "op_level_fit.hpp"

namespace wattlayer::fit {
namespace {

// Bounds of (c0, R, BW): a launch takes 1-8 us; rates between a slow kernel and the H100's peaks
// (3.35 TB/s HBM3). Above them the fit only trades one term for another.
const Eigen::Vector3d kLow = Eigen::Vector3d(1e-6, 0.5e12, 2e11).array().log();
const Eigen::Vector3d kHigh = Eigen::Vector3d(8e-6, 1e15, 3.35e12).array().log();
constexpr double kGpuBoundW = 200;  // above idle: the GPU, not the host, set the pace

bool is_compute(EnergyClass c) { return c == EnergyClass::Conv || c == EnergyClass::ConvDepthwise || c == EnergyClass::MatMul; }

}  // namespace

void fit_gpu_time(const std::vector<const OpRow*>& rows, OpLevelFit& fit) {
    for (EnergyClass c : {EnergyClass::Conv, EnergyClass::ConvDepthwise, EnergyClass::MatMul, EnergyClass::Normalization,
                          EnergyClass::Elementwise, EnergyClass::Pooling, EnergyClass::Copy}) {
        std::vector<const OpRow*> of_class;
        for (const OpRow* r : rows)
            if (r->cls == c && !r->reused) of_class.push_back(r);
        const bool compute = is_compute(c);
        auto loss = [&](const Eigen::VectorXd& th) {
            const Eigen::Vector3d p = th.cwiseMax(kLow).cwiseMin(kHigh).array().exp();
            double sum = 0;
            for (const OpRow* r : of_class) {
                const double d = std::log(p(0) + (compute ? r->flops / p(1) : 0) + r->bytes / p(2)) - std::log(r->time_s);
                // A host-bound record only says the kernel took at most its time.
                const double e = r->above_idle_w > kGpuBoundW ? d : std::max(0.0, d);
                sum += e * e;
            }
            return sum;
        };
        Eigen::VectorXd th = Eigen::Vector3d(3e-6, compute ? 3e13 : 1e15, 2e12).array().log();
        th = nelder_mead(loss, th, 1.0, 3000).x;
        th = nelder_mead(loss, th, 0.3, 3000).x;
        const Eigen::Vector3d p = th.cwiseMax(kLow).cwiseMin(kHigh).array().exp();
        ClassCoefficients& k = fit.classes[static_cast<size_t>(c)];
        k.c0_s = p(0);
        k.flops_per_s = compute ? p(1) : std::numeric_limits<double>::infinity();
        k.bytes_per_s = p(2);
    }
}

}  // namespace wattlayer::fit
