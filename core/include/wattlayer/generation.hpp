#pragma once
// Text generation with a KV cache: the energy of a P-token prompt's prefill, of each decode step
// (one new token against a cache of C), and of a whole N-token answer. The decoder's own file
// says which inputs are the cache (model/kv_cache.hpp); without a cache only the prefill exists.
#include <cstddef>
#include <cstdint>
#include <string>

#include "wattlayer/energy.hpp"
#include "wattlayer/inspect.hpp"

namespace wattlayer {

struct GenerationOptions {
    int64_t prompt_tokens = 128;  // P
    int64_t output_tokens = 128;  // N: the prefill yields the first, N - 1 decode steps the rest
};

// The prefill's report (its layers, totals and energy) with a `generation` member: the decode steps
// estimated at up to 9 cache lengths from P to P + N - 2 (first and last included; the others
// interpolated), the whole answer's energy and time, J per 1,000 output tokens and the first
// decode step's layers. Throws Error("bad_argument") for P or N below 1 or above 1,000,000.
Report estimate_generation(const uint8_t* data, size_t size, const InspectOptions& options, const GenerationOptions& generation,
                           const HardwareProfile& profile);
// The same with GPU `hardware`'s built-in profile at `precision` (empty: the file's), as estimate().
Report estimate_generation(const uint8_t* data, size_t size, const InspectOptions& options, const GenerationOptions& generation,
                           const std::string& hardware, const std::string& precision);

}  // namespace wattlayer
