#pragma once
// Which host-dispatch group an isolated torch call measures (the prototype's TORCH_HG and tfeat
// function sets). None: the call tells nothing about a group (it is left out of the host costs).
#include <string_view>

#include "wattlayer/energy.hpp"

namespace wattlayer::fit {

// `cls` is the call's class from classify_layers; it tells a depthwise conv2d from a dense one.
HostGroup torch_host_group(std::string_view func, EnergyClass cls);

}  // namespace wattlayer::fit
