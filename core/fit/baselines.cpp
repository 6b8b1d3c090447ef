#include "baselines.hpp"

#include <algorithm>
#include <cmath>

#include "nnls.hpp"

namespace wattlayer::fit {
namespace {

Eigen::Vector3d features(const ArchitectureAtBatch& a) {
    return {std::max(a.flops, 1.0), std::max(static_cast<double>(a.num_layers), 1.0), std::max(a.bytes, 1.0)};
}

}  // namespace

Baselines fit_baselines(const FitData& data, const GpuMeasurements& gpu, int64_t batch, const Excluded& excluded) {
    std::vector<Eigen::Vector3d> x;
    std::vector<double> y;
    for (const Architecture& a : data.archs) {
        const ModelRecord* r = gpu.find(a.name, batch);
        if (!r || excluded.count(a.name) || !a.usable()) continue;
        x.push_back(features(*a.at(batch)));
        y.push_back(r->energy_j);
    }
    Baselines b;
    if (y.empty()) return b;
    const Eigen::Index n = static_cast<Eigen::Index>(y.size());
    Eigen::MatrixXd design(n, 4);
    Eigen::VectorXd log_y(n);
    double mean_log_ratio = 0;
    for (Eigen::Index i = 0; i < n; ++i) {
        const Eigen::Vector3d& f = x[static_cast<size_t>(i)];
        design.row(i) << 1, std::log(f(0)), std::log(f(1)), std::log(f(2));
        log_y(i) = std::log(y[static_cast<size_t>(i)]);
        mean_log_ratio += std::log(y[static_cast<size_t>(i)] / f(0)) / static_cast<double>(n);
    }
    b.joules_per_flop = std::exp(mean_log_ratio);
    b.log_linear = least_squares(design, log_y);
    return b;
}

BaselineEnergy predict_baselines(const Baselines& b, const ArchitectureAtBatch& a) {
    const Eigen::Vector3d f = features(a);
    const Eigen::Vector4d row(1, std::log(f(0)), std::log(f(1)), std::log(f(2)));
    return {b.joules_per_flop * f(0), std::exp(row.dot(b.log_linear))};
}

}  // namespace wattlayer::fit
