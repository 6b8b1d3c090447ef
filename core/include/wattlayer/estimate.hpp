#pragma once
// The core's energy entry point: bytes in, report with per-layer energy out. Like inspect, it does
// no file I/O; hardware profiles come compiled in (models/*.json, models/transferred/*.json) or
// from the caller.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "wattlayer/energy.hpp"
#include "wattlayer/inspect.hpp"

namespace wattlayer {

// The profiles shipped in models/, compiled into the library, by id.
const std::vector<HardwareProfile>& builtin_profiles();
// Throws Error("unknown_hardware") naming the known ids.
const HardwareProfile& builtin_profile(const std::string& id);
// GPU `id` at `precision`: fp32 is the id itself, others "id-fp16", "id-bf16" (transferred).
const HardwareProfile& builtin_profile(const std::string& id, const std::string& precision);

// inspect, then the profile applied: every layer gets energy_j and time_s, the report its
// EnergyTotals (with the overhead line and an interval) and warnings for extrapolation and for
// layers outside the fitted classes.
Report estimate(const uint8_t* data, size_t size, const InspectOptions& options, const HardwareProfile& profile);
// The same with GPU `hardware`'s built-in profile at `precision` ("fp32", "fp16", "bf16"), or, when
// `precision` is empty, at the precision the file computes in: an fp16 or bf16 file gets the GPU's
// fp16 or bf16 profile, an int8 one its fp16 profile (no profile has int8 rates), a mixed one that
// of its main precision; the warnings say which and why.
Report estimate(const uint8_t* data, size_t size, const InspectOptions& options, const std::string& hardware, const std::string& precision);

// What the energy model is fitted on: a model's report (no energy) and the calls behind its
// layers, before any profile (models/README.md).
struct ModelCalls {
    Report report;
    std::vector<LayerCall> calls;  // LayerCall::layer indexes report.layers
};
ModelCalls layer_calls(const uint8_t* data, size_t size, const InspectOptions& options);

}  // namespace wattlayer
