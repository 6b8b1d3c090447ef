#pragma once
// Control flow whose course the inference knows is written out as plain layers: an If whose
// condition is a constant takes its branch (infer/branches.hpp); a Loop with a known trip count and
// a Scan over inputs of known length run their body once per iteration (infer/loops.hpp). The rest
// stays as it is: counted, not costed.
#include <optional>

#include "infer/infer.hpp"
#include "model/graph.hpp"

namespace wattlayer {

// `model` with the control flow `inf` can resolve written out; nullopt when there is none. Bodies
// written out bring their nested control flow along: call again on the result's inference.
std::optional<Model> resolve_control_flow(const Model& model, const Inference& inf);

// Control flow nested deeper than this stays as it is.
inline constexpr int kMaxControlFlowLevels = 8;

// infer_shapes, then the control flow resolved and the result inferred again, level by level: the
// inference of `rewritten` when something was resolved (it is set then), else of `model`.
Inference infer_resolving_control_flow(const Model& model, const InspectOptions& options, std::optional<Model>& rewritten);

}  // namespace wattlayer
