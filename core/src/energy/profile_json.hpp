#pragma once
// Hardware profiles as nlohmann JSON values, for the core and its tests; the public API speaks
// JSON text (wattlayer/energy.hpp).
#include <nlohmann/json.hpp>

#include "wattlayer/energy.hpp"

namespace wattlayer {

HardwareProfile profile_from_json(const nlohmann::json& j);  // throws Error("bad_profile")
nlohmann::json profile_to_json(const HardwareProfile& p);

}  // namespace wattlayer
