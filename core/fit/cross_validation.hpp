#pragma once
// Cross-validation of the whole fitting procedure: in every fold, everything fitted on data that
// includes the test architectures (the choices of the fit, op level, whole-model terms, other-GPU
// scales, baselines) is refitted without them.
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "fit_data.hpp"
#include "transfer.hpp"

namespace wattlayer::fit {

struct Prediction {
    std::string model;
    int64_t batch = 1;
    bool batch_axis = true;  // false for graphs without one (detection): excluded in a second table
    bool exact = true;       // every shape known exactly: not a bound (a detector's boxes at their maximum)
    double measured_j = 0;
    double ours_j = 0;
    double flops_proportional_j = 0;
    double log_linear_j = 0;
};

// What a fold leaves out: one architecture, or one family (FitData::family_of) with all its members.
enum class Grouping { Architecture, Family };

struct CrossValidationOptions {
    Grouping grouping = Grouping::Family;
    bool measured_gpu = true;   // leave one group out on the measured GPU
    bool leave_task_out = true; // leave one task out, at the largest batch, on the measured GPU
    std::string derived_gpu;    // also leave one group out on this GPU (derived profile); "" for none
    // Also predict derived_gpu from datasheets alone: each fold's measured profile transferred
    // from `transfer_from` to `transfer_to` (no measurement of the derived GPU used). Null: skip.
    const Datasheet* transfer_from = nullptr;
    const Datasheet* transfer_to = nullptr;
    std::function<void(const std::string&)> progress;  // told each fold's name
};

struct CrossValidation {
    std::vector<Prediction> measured;      // leave one group out
    std::vector<Prediction> leave_task_out;
    std::vector<Prediction> derived;
    std::vector<Prediction> transferred;  // derived_gpu predicted from datasheets
    std::map<std::string, size_t> chosen;  // describe(choices) -> folds that selected them
};

CrossValidation cross_validate(const FitData& data, const CrossValidationOptions& options);

// The architectures each fold tests, in name order of their first member.
std::vector<std::vector<const Architecture*>> folds_of(const FitData& data, Grouping grouping);

// |predicted / measured - 1| at the given percentile, over predictions at `batch` (0: all).
double error_percentile(const std::vector<Prediction>& p, double percent, int64_t batch = 0);
// measured / predicted at the given percentile over the exact predictions: the profile's interval
// (a bound is not an estimate that a measurement falls around).
double ratio_percentile(const std::vector<Prediction>& p, double percent);

}  // namespace wattlayer::fit
