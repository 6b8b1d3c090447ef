#pragma once
// Hardware profiles fitted on measurements: the measured GPU's from its op and whole-model records,
// another GPU's derived from it with three scales fitted on that GPU's whole-model records.
#include <set>
#include <string>

#include "fit_choices.hpp"
#include "fit_data.hpp"
#include "op_level_cache.hpp"
#include "whole_model_fit.hpp"
#include "wattlayer/wattlayer.hpp"

namespace wattlayer::fit {

// The measured GPU's profile (data.gpu(kMeasuredGpu)) with the given choices; its provenance
// records them. model_selection.hpp selects them.
HardwareProfile fit_profile(const FitData& data, const Excluded& excluded, const FitChoices& choices, OpLevelCache& op_fits);

// `base` applied to GPU `gpu_id`: its idle power, and host/GPU-time/energy scales fitted on its
// whole-model records with the loss `base` was fitted with. The scales are recorded in the provenance.
HardwareProfile fit_derived_profile(const HardwareProfile& base, const FitData& data, const std::string& gpu_id, const Excluded& excluded = {});

// The whole-model loss a profile's provenance records (squared log error when it records none).
Loss loss_of(const HardwareProfile& p);

// The whole-model training set: usable, not excluded, architectures with a record at each batch.
struct Training {
    std::vector<const std::vector<LayerCall>*> calls;
    std::vector<double> time_s, energy_j;
};
Training training_records(const FitData& data, const GpuMeasurements& gpu, const Excluded& excluded);

// The per-call part of a profile, as the op-level fit it came from (for packing).
OpLevelFit op_level_of(const HardwareProfile& p);

}  // namespace wattlayer::fit
