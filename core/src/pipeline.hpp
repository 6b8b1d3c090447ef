#pragma once
// The core's stages, for the entry points (inspect, estimate, layer_calls) and the tests:
//   bytes -> read_model -> Model -> infer_shapes (Ifs with constant conditions take their branch:
//         infer/control_flow.hpp) -> Inference -> count_costs -> LayerCosts
//         -> classify_layers -> calls -> apply_profile -> energy -> build_report -> Report
// Each stage takes the products before it, typed; only the report is serialised.
#include <cstddef>
#include <cstdint>
#include <string>

#include "cost/layer_costs.hpp"
#include "infer/infer.hpp"
#include "model/graph.hpp"
#include "wattlayer/energy.hpp"
#include "wattlayer/inspect.hpp"

namespace wattlayer {

// Reads a model (ONNX or JSON, detected from the bytes, then from the file name); its names are
// copied, so the bytes may go. Throws wattlayer::Error when the bytes are not a readable model.
Model read_model(const uint8_t* data, size_t size, const std::string& file_name = "");

// The report of an inference and its costs: layers, totals, shapes and warnings, no energy.
Report build_report(const Model& model, const InspectOptions& options, const Inference& inf, const LayerCosts& costs);

// The stages up to the report, on a model already read.
Report inspect_model(const Model& model, const InspectOptions& options);
Report estimate_model(const Model& model, const InspectOptions& options, const HardwareProfile& profile);

// Which profile an estimate applies: `profile` when set; else GPU `hardware` at `precision`; else,
// with no precision named, that GPU at the precision the file computes in (int8 at fp16).
struct ProfileChoice {
    const HardwareProfile* profile = nullptr;
    std::string hardware = "h100";
    std::string precision;  // "fp32", "fp16", "bf16"; empty: the file's
};
Report estimate_model(const Model& model, const InspectOptions& options, const ProfileChoice& choice);

}  // namespace wattlayer
