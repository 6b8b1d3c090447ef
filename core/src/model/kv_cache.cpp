#include "model/kv_cache.hpp"

#include <algorithm>
#include <cctype>

namespace wattlayer {
namespace {

bool contains(std::string_view text, std::string_view word) {
    return std::search(text.begin(), text.end(), word.begin(), word.end(),
                       [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) == b; }) != text.end();
}

// A float input named like past, of rank 3 or more, in a graph that returns a present cache: time
// series models also take past_values or past_time_features, but return no cache.
bool is_cache_input(const ValueInfo& in, bool returns_cache) {
    if (in.kv_cache) return true;
    return returns_cache && contains(in.name, "past") && dtype_is_float(in.type.dtype) && in.type.dims.size() >= 3;
}

void add_unique(std::vector<std::string_view>& list, std::string_view s) {
    if (!s.empty() && std::find(list.begin(), list.end(), s) == list.end()) list.push_back(s);
}

}  // namespace

KvCacheLayout kv_cache_layout(const Graph& graph) {
    KvCacheLayout layout;
    const bool returns_cache = std::any_of(graph.outputs.begin(), graph.outputs.end(), [](const ValueInfo& out) { return contains(out.name, "present"); });
    std::vector<std::string_view> batch_symbols, cache_symbols, token_symbols, mask_symbols;
    for (const ValueInfo& in : graph.inputs) {
        if (in.type.dtype == DType::Bool && contains(in.name, "use_cache")) layout.branch_input = in.name;
        const bool cache = is_cache_input(in, returns_cache);
        if (cache) layout.cache_inputs.push_back(in.name);
        std::vector<std::string_view>& symbols = cache ? cache_symbols : contains(in.name, "mask") ? mask_symbols : token_symbols;
        for (size_t axis = 0; axis < in.type.dims.size(); ++axis) {
            const std::string_view symbol = in.type.dims[axis].symbol;
            if (symbol.empty()) continue;
            if (axis == 0 && in.type.dims.size() >= 2 && !cache) add_unique(batch_symbols, symbol);
            add_unique(symbols, symbol);
        }
    }
    auto listed = [](const std::vector<std::string_view>& list, std::string_view s) { return std::find(list.begin(), list.end(), s) != list.end(); };
    auto first = [&](const std::vector<std::string_view>& candidates, auto&& allowed) {
        for (std::string_view s : candidates)
            if (!listed(batch_symbols, s) && allowed(s)) return s;
        return std::string_view();
    };
    layout.past_symbol = first(cache_symbols, [&](std::string_view s) { return !listed(token_symbols, s) && !listed(mask_symbols, s); });
    layout.sequence_symbol = first(token_symbols, [&](std::string_view s) { return s != layout.past_symbol; });
    if (layout.sequence_symbol.empty() && layout.cache_inputs.empty()) layout.sequence_symbol = first(mask_symbols, [](std::string_view) { return true; });
    if (!layout.cache_inputs.empty())  // a mask spans the cache and the new tokens
        layout.total_symbol = first(mask_symbols, [&](std::string_view s) { return s != layout.past_symbol && !listed(token_symbols, s); });
    return layout;
}

}  // namespace wattlayer
