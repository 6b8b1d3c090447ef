#pragma once
// Hardware profiles fitted on measurements: the measured GPU's from its op and whole-model records,
// another GPU's derived from it with three scales fitted on that GPU's whole-model records.
#include <set>
#include <string>

#include "fit_data.hpp"
#include "op_level_fit.hpp"
#include "whole_model_fit.hpp"
#include "wattlayer/wattlayer.hpp"

namespace wattlayer::fit {

// Architectures left out of every fit (a cross-validation fold); empty for the shipped profiles.
using Excluded = std::set<std::string>;

// The measured GPU's profile (data.gpu(kMeasuredGpu)). `op` may carry a fit of the op level with
// the same exclusions (cross-validation caches them); otherwise it is fitted here.
HardwareProfile fit_profile(const FitData& data, const Excluded& excluded = {}, const OpLevelFit* op = nullptr);

// `base` applied to GPU `gpu_id`: its idle power, and host/GPU-time/energy scales fitted on its
// whole-model records. The scales are recorded in the provenance.
HardwareProfile fit_derived_profile(const HardwareProfile& base, const FitData& data, const std::string& gpu_id, const Excluded& excluded = {});

// The whole-model training set: usable, not excluded, architectures with a record at each batch.
struct Training {
    std::vector<const std::vector<LayerCall>*> calls;
    std::vector<double> time_s, energy_j;
};
Training training_records(const FitData& data, const GpuMeasurements& gpu, const Excluded& excluded);

// The per-call part of a profile, as the op-level fit it came from (for packing).
OpLevelFit op_level_of(const HardwareProfile& p);

}  // namespace wattlayer::fit
