#pragma once
// A decoder exported for generation takes its KV cache as graph inputs and returns it grown:
// Optimum, transformers.js and onnxruntime-genai name them past_key_values.N.key/value ([batch,
// heads, past, head_dim]) and present.N.*, older exports past_N and present_N; a JSON model marks
// them "kv_cache": true. Their symbols tell the phases apart, whatever their
// names: the cache's own length (past), the new tokens (sequence) and, where an attention mask
// spans both, their sum (total).
#include <string>
#include <string_view>
#include <vector>

#include "model/graph.hpp"

namespace wattlayer {

struct KvCacheLayout {
    std::vector<std::string_view> cache_inputs;
    std::string_view past_symbol;      // the cache inputs' symbol that no other input has
    std::string_view sequence_symbol;  // the new tokens: the other inputs' symbol past the batch
    std::string_view total_symbol;     // past + new: the symbol of a mask input; empty when none
    std::string_view branch_input;     // a bool input named *use_cache*: Optimum's merged If form
    bool has_cache() const { return !cache_inputs.empty() && !past_symbol.empty(); }
};

KvCacheLayout kv_cache_layout(const Graph& graph);

}  // namespace wattlayer
