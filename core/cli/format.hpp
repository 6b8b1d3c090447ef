#pragma once
// Human-facing renderings of the report (the JSON one is the core's own report_json_text).
#include <ostream>

#include "wattlayer/wattlayer.hpp"

namespace wattlayer::cli {

void print_table(std::ostream& out, const Report& report);
void print_csv(std::ostream& out, const Report& report);

}  // namespace wattlayer::cli
