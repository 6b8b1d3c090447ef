#pragma once
// `wattlayer operators`: the registry's rows as a table, JSON, or the Markdown table of
// core/docs/features.md (generated from it; a test checks that the document is current).
#include <ostream>
#include <string>

namespace wattlayer::cli {

void print_operators(std::ostream& out, const std::string& format);

}  // namespace wattlayer::cli
