#pragma once
// A profile's coefficients in readable units, for `wattlayer fit`.
#include <string>

#include "wattlayer/wattlayer.hpp"

namespace wattlayer::fit {

std::string profile_summary(const HardwareProfile& p);

}  // namespace wattlayer::fit
