#pragma once
// Nested selection of the fit choices (fit_choices.hpp): each candidate is scored by leave-one-
// family-out cross-validation on the training architectures alone, and the profile is fitted with
// the best. A cross-validation fold calls this with its test architectures excluded, so neither
// the choices nor the coefficients ever see them.
#include <vector>

#include "fit_choices.hpp"
#include "fit_data.hpp"
#include "op_level_cache.hpp"
#include "wattlayer/wattlayer.hpp"

namespace wattlayer::fit {

struct Selection {
    FitChoices chosen;
    std::vector<double> scores;  // per candidate_choices(): mean |log(predicted / measured)| of the inner folds
};

Selection select_choices(const FitData& data, const Excluded& excluded, OpLevelCache& op_fits);

// The measured GPU's profile, fitted without `excluded` with choices selected without it; the
// provenance records the choice and the candidates' scores.
HardwareProfile fit_selected_profile(const FitData& data, const Excluded& excluded, OpLevelCache& op_fits);

}  // namespace wattlayer::fit
