#include "shape/einsum.hpp"

#include <algorithm>
#include <cctype>

#include "shape/fold.hpp"

namespace wattlayer {
namespace {

// Replaces "..." with '.', drops spaces; nullopt on any other character.
std::optional<std::string> normalise(const std::string& term) {
    std::string out;
    for (size_t i = 0; i < term.size(); ++i) {
        const char c = term[i];
        if (c == ' ') continue;
        if (c == '.') {
            if (term.compare(i, 3, "...") != 0) return std::nullopt;
            out += '.';
            i += 2;
        } else if (std::isalpha(static_cast<unsigned char>(c))) {
            out += c;
        } else {
            return std::nullopt;
        }
    }
    return out;
}

}  // namespace

std::optional<EinsumEquation> parse_einsum(std::string_view equation, size_t operands) {
    EinsumEquation eq;
    const size_t arrow = equation.find("->");
    const std::string lhs(equation.substr(0, arrow));
    size_t start = 0;
    while (true) {
        const size_t comma = lhs.find(',', start);
        auto term = normalise(lhs.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
        if (!term) return std::nullopt;
        eq.inputs.push_back(*term);
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    if (eq.inputs.size() != operands) return std::nullopt;
    if (arrow != std::string::npos) {
        auto out = normalise(std::string(equation.substr(arrow + 2)));
        if (!out) return std::nullopt;
        eq.output = *out;
    } else {  // implicit output: "..." then the labels seen exactly once, alphabetically
        std::map<char, int> counts;
        bool has_ellipsis = false;
        for (const auto& term : eq.inputs)
            for (char c : term) {
                if (c == '.') has_ellipsis = true;
                else ++counts[c];
            }
        if (has_ellipsis) eq.output += '.';
        for (const auto& [c, n] : counts)
            if (n == 1) eq.output += c;
    }
    return eq;
}

bool bind_einsum_operand(const std::string& labels, const Dims& dims, std::map<char, Dim>& sizes,
                         Dims& ellipsis) {
    const size_t named = static_cast<size_t>(std::count_if(labels.begin(), labels.end(), [](char c) { return c != '.'; }));
    const bool has_ellipsis = named != labels.size();
    if (dims.size() < named || (!has_ellipsis && dims.size() != named)) return false;
    const size_t ellipsis_rank = dims.size() - named;
    size_t axis = 0;
    for (char c : labels) {
        if (c == '.') {
            const Dims these(dims.begin() + static_cast<long>(axis), dims.begin() + static_cast<long>(axis + ellipsis_rank));
            auto merged = broadcast_dims(ellipsis, these);
            if (!merged) return false;
            ellipsis = std::move(*merged);
            axis += ellipsis_rank;
            continue;
        }
        const Dim& d = dims[axis++];
        auto it = sizes.find(c);
        if (it == sizes.end() || (!it->second.known() && d.known()) || (it->second.known() && it->second.value == 1)) {
            sizes[c] = d;
        } else if (d.known() && it->second.known() && d.value != it->second.value && d.value != 1) {
            return false;
        }
    }
    return true;
}

}  // namespace wattlayer
