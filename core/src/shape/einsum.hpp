#pragma once
// Einsum equations: "bhid,bhjd->bhij", with "..." for broadcast axes and implicit outputs.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "shape/value.hpp"

namespace wattlayer {

struct EinsumEquation {
    std::vector<std::string> inputs;  // one label string per operand; '.' stands for "..."
    std::string output;
};

std::optional<EinsumEquation> parse_einsum(std::string_view equation, size_t operands);

// Records the size of each label of one operand; false on a mismatch with earlier operands.
bool bind_einsum_operand(const std::string& labels, const Dims& dims, std::map<char, Dim>& sizes,
                         Dims& ellipsis);

}  // namespace wattlayer
