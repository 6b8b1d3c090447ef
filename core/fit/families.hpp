#pragma once
// Architecture families (models/data/families.json): the unit a cross-validation fold leaves out,
// so that no sibling of a tested architecture (resnet101 for resnet50) stays in training.
#include <map>
#include <string>

namespace wattlayer::fit {

// Architecture name -> family name. Throws Error("bad_data") on a malformed file or an
// architecture listed twice; an absent file is no families.
std::map<std::string, std::string> load_families(const std::string& path);

}  // namespace wattlayer::fit
