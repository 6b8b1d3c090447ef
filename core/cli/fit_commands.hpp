#pragma once
// `wattlayer fit`, `wattlayer eval` and `wattlayer transfer`: the energy model fitted on the
// measurements in models/data, cross-validated, and moved to other GPUs by datasheet ratios.
// `args` are the words after the command name. All three return the exit code (0 ok, 1 usage,
// 2 unreadable data) and print errors to stderr.
#include <string>
#include <vector>

namespace wattlayer::cli {

int run_fit(const std::vector<std::string>& args);
int run_eval(const std::vector<std::string>& args);
int run_transfer(const std::vector<std::string>& args);

extern const char* const kFitUsage;  // the usage lines of the three commands

}  // namespace wattlayer::cli
