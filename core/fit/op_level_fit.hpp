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

// c0 + F/R + B/BW per class, in log space, with bounds (constants in the .cpp). A record whose board
// power stayed near idle was host-bound: it only bounds the GPU time from above.
void fit_gpu_time(const std::vector<const OpRow*>& rows, OpLevelFit& fit);

// Median time of host-bound batch-1 records per host group: the isolated dispatch cost.
void fit_host_floors(const std::vector<const OpRow*>& rows, OpLevelFit& fit);

// All three, on the rows whose architecture is not in `excluded`.
OpLevelFit fit_op_level(const std::vector<OpRow>& rows, const std::set<std::string>& excluded = {});

}  // namespace wattlayer::fit
