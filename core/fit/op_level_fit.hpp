#pragma once
// The per-call part of a profile, fitted on op records: dynamic energy and GPU time per class,
// isolated host cost per host group.
#include <array>
#include <set>
#include <string>
#include <vector>

#include "op_rows.hpp"
#include "wattlayer/wattlayer.hpp"

namespace wattlayer::fit {

struct OpLevelFit {
    std::array<ClassCoefficients, kEnergyClasses> classes{};
    std::array<double, kHostGroups> host_s{};
    size_t rows = 0;  // op rows used (after exclusions)
};

// gamma + alpha F + beta B per class: NNLS with rows weighted 1/sqrt(e), between absolute and
// relative error (large kernels would otherwise decide everything).
void fit_dynamic_energy(const std::vector<const OpRow*>& rows, OpLevelFit& fit);

// The range of each GPU-time coefficient. Rates and bandwidths are physical: at most the H100's
// datasheet peaks (dense FP16 tensor cores, 989.5 TFLOP/s; HBM3, 3.35 TB/s), at least a slow
// kernel's. c0 is at least a kernel launch's microsecond; its ceiling is a fit choice.
struct GpuTimeBounds {
    double c0_min_s, c0_max_s;
    double rate_min, rate_max;            // FLOP/s
    double bandwidth_min, bandwidth_max;  // bytes/s
};
GpuTimeBounds gpu_time_bounds(double c0_max_s);

// c0 + F/R + B/BW per class, in log space, within gpu_time_bounds(c0_max_s). A record that was not
// GPU-bound (op_rows.hpp) only bounds the GPU time from above.
void fit_gpu_time(const std::vector<const OpRow*>& rows, double c0_max_s, OpLevelFit& fit);

// Median time of host-bound batch-1 records per host group: the isolated dispatch cost.
void fit_host_floors(const std::vector<const OpRow*>& rows, OpLevelFit& fit);

// All three, on the rows whose architecture is not in `excluded`.
OpLevelFit fit_op_level(const std::vector<OpRow>& rows, const std::set<std::string>& excluded, double c0_max_s);

}  // namespace wattlayer::fit
