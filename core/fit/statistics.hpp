#pragma once
// Order statistics as numpy computes them (linear interpolation between closest ranks).
#include <vector>

namespace wattlayer::fit {

double percentile(std::vector<double> values, double percent);  // NaN for an empty list
inline double median(const std::vector<double>& values) { return percentile(values, 50); }

}  // namespace wattlayer::fit
