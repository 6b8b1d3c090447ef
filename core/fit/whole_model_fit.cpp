#include "whole_model_fit.hpp"

#include <cmath>
#include <limits>

#include "nelder_mead.hpp"

namespace wattlayer::fit {

PipelineFit fit_pipeline(const PackedModels& models, const std::vector<double>& time_s, const std::vector<double>& energy_j, double idle_w,
                         Loss loss) {
    std::vector<double> t;
    auto objective = [&](const Eigen::VectorXd& th) {
        models.times(std::exp(th(0)), std::exp(th(1)), 1.0, t);
        return loss_value(loss, t, time_s);
    };
    Eigen::VectorXd th = Eigen::Vector2d(std::log(1.5), std::log(100e-6));
    th = nelder_mead(objective, th, 0.7, 3000).x;
    th = nelder_mead(objective, th, 0.2, 3000).x;
    PipelineFit fit{std::exp(th(0)), std::exp(th(1)), 0};

    models.times(fit.host_scale, fit.tau0_s, 1.0, t);
    std::vector<double> e(t.size());
    double best = std::numeric_limits<double>::infinity();
    for (int step = 0; step <= static_cast<int>(2 * kMaxExtraW); ++step) {
        const double extra_w = 0.5 * step;
        for (size_t i = 0; i < t.size(); ++i) e[i] = (idle_w + extra_w) * t[i] + models.dynamic_j()[i];
        const double err = loss_value(loss, e, energy_j);
        if (err < best) {
            best = err;
            fit.extra_w = extra_w;
        }
    }
    return fit;
}

GpuScales fit_gpu_scales(const PackedModels& models, const std::vector<double>& energy_j, double idle_w, const PipelineFit& base, Loss loss) {
    std::vector<double> t, e;
    auto objective = [&](const Eigen::VectorXd& th) {
        const Eigen::Vector3d s = th.array().exp();
        models.times(base.host_scale * s(0), base.tau0_s * s(0), s(1), t);
        e.resize(t.size());
        for (size_t i = 0; i < t.size(); ++i) e[i] = (idle_w + base.extra_w) * t[i] + models.dynamic_j()[i] * s(2);
        return loss_value(loss, e, energy_j);
    };
    const Eigen::Vector3d s = nelder_mead(objective, Eigen::VectorXd::Zero(3), 0.2, 1500).x.array().exp();
    return {s(0), s(1), s(2)};
}

}  // namespace wattlayer::fit
