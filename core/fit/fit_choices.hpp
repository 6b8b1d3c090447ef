#pragma once
// The choices of the fitting procedure that no physical argument fixes. They are selected by
// cross-validation inside each training set (model_selection.hpp), so that no choice is made
// looking at the architectures a fold tests.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace wattlayer::fit {

// The loss of the whole-model fits, on e = log(predicted / measured).
enum class Loss {
    SquaredLog,   // mean e^2: Gaussian multiplicative noise
    AbsoluteLog,  // mean |e|: heavier tails (batch-1 runs vary 20-50% with the host's pace)
};

struct FitChoices {
    Loss loss = Loss::SquaredLog;
    // Ceiling of a call's fixed GPU time c0. The op records rarely identify c0 (the small kernels
    // that would are host-bound), so where they do not it sits on this ceiling.
    double c0_max_s = 8e-6;
};

// The candidates each training set selects from.
const std::vector<FitChoices>& candidate_choices();

double loss_value(Loss loss, const std::vector<double>& predicted, const std::vector<double>& measured);
const char* loss_name(Loss loss);                 // "squared log error"
Loss loss_named(const std::string& name);         // squared log error for a name it does not know

std::string describe(const FitChoices& c);  // "squared log error, c0 <= 8 us"
nlohmann::json choices_json(const FitChoices& c);

}  // namespace wattlayer::fit
