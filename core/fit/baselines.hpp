#pragma once
// The two baselines the estimator is compared with, fitted on the same training folds:
// (a) energy proportional to total FLOPs; (b) log E linear in log FLOPs, log layers, log bytes.
#include <Eigen/Dense>

#include "fit_data.hpp"
#include "profile_fit.hpp"

namespace wattlayer::fit {

struct Baselines {
    double joules_per_flop = 0;
    Eigen::Vector4d log_linear = Eigen::Vector4d::Zero();  // intercept, log F, log layers, log B
};

// On the usable, not excluded architectures with a record of `gpu` at `batch`.
Baselines fit_baselines(const FitData& data, const GpuMeasurements& gpu, int64_t batch, const Excluded& excluded);

struct BaselineEnergy {
    double flops_proportional = 0;
    double log_linear = 0;
};
BaselineEnergy predict_baselines(const Baselines& b, const ArchitectureAtBatch& a);

}  // namespace wattlayer::fit
