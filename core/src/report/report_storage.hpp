#pragma once
// What a Report's views point into: one arena for its names, symbols and shape lists, shared by
// copies of the report. Public headers name it only.
#include "containers/arena.hpp"
#include "wattlayer/report.hpp"

namespace wattlayer {

struct ReportStorage : Arena {};

}  // namespace wattlayer
