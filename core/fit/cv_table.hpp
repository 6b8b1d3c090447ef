#pragma once
// The cross-validation table: per setting and batch, the median and 90th percentile of
// |predicted / measured - 1| for the estimator and the two baselines.
#include <string>

#include "cross_validation.hpp"

namespace wattlayer::fit {

// Rows of both groupings (those of families end in "-fam"; leave one task out comes from
// `by_family`). `with_batch_axis_only`: leave out the graphs without a batch axis (the detectors).
std::string cv_table(const CrossValidation& by_architecture, const CrossValidation& by_family, const std::string& measured_id,
                     const std::string& derived_id, bool with_batch_axis_only);

// One line per prediction that is a bound rather than an estimate (a detector costed with every
// box it may keep): measured, predicted and the signed error.
std::string bound_rows(const std::vector<Prediction>& predictions);

}  // namespace wattlayer::fit
