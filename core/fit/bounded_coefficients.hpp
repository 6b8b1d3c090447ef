#pragma once
// The fitted coefficients that sit on a bound of their fit rather than where the data put them:
// listed in a profile's provenance, so that nobody reads a bound as a measurement.
#include <nlohmann/json.hpp>

#include "wattlayer/wattlayer.hpp"

namespace wattlayer::fit {

// [{"class"|"term", "coefficient", "value", "bound"}, ...] for the GPU-time coefficients on
// gpu_time_bounds(c0_max_s), the dynamic-energy coefficients that non-negative least squares set
// to zero, and P_x at either end of its grid.
nlohmann::json bounded_coefficients(const HardwareProfile& p, double c0_max_s);

}  // namespace wattlayer::fit
