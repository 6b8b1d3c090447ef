#pragma once
// The whole-model terms, fitted on whole-model records with the per-call part held fixed: the
// framework's host cost per call relative to an isolated call (a), the fixed time per forward
// (tau0), the board's extra power while a model runs (P_x), and another GPU's scales.
#include <vector>

#include "fit_choices.hpp"
#include "packed_models.hpp"

namespace wattlayer::fit {

struct PipelineFit {
    double host_scale = 1;
    double tau0_s = 0;
    double extra_w = 0;
};

inline constexpr double kMaxExtraW = 80;  // the end of P_x's grid

// a and tau0 minimising `loss` on T; then P_x on a 0.5 W grid (0 to kMaxExtraW) minimising `loss` on E.
PipelineFit fit_pipeline(const PackedModels& models, const std::vector<double>& time_s, const std::vector<double>& energy_j, double idle_w,
                         Loss loss);

struct GpuScales {
    double host = 1;            // host times and tau0
    double gpu_time = 1;        // GPU time of every call
    double dynamic_energy = 1;  // dynamic energy of every call
};

// Another GPU: the three scales minimising `loss` on E on its records (idle power its own).
GpuScales fit_gpu_scales(const PackedModels& models, const std::vector<double>& energy_j, double idle_w, const PipelineFit& base, Loss loss);

}  // namespace wattlayer::fit
