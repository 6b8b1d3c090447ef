#pragma once
// `If` nodes whose condition is a constant (a flag the exporter baked in, or an input the user
// bound) take their branch: the branch's nodes replace the `If` in the graph, so that they are
// inferred and costed like any layer, and the untaken branch costs nothing.
#include <optional>

#include "infer/infer.hpp"
#include "model/graph.hpp"

namespace wattlayer {

// `model` with every `If` whose condition `inf` knows replaced by its branch (the branch's outputs
// renamed to the If's, its own tensors to "<if>/<name>"); nullopt when there is none. Branches
// taken bring their nested Ifs along: call again on the result's inference to resolve those.
std::optional<Model> take_constant_branches(const Model& model, const Inference& inf);

// Ifs nested deeper than this in taken branches stay as they are (counted, not costed).
inline constexpr int kMaxBranchLevels = 8;

// infer_shapes, then the constant branches taken and the result inferred again, level by level:
// the inference of `rewritten` when branches were taken (it is set then), else of `model`.
Inference infer_taking_constant_branches(const Model& model, const InspectOptions& options, std::optional<Model>& rewritten);

}  // namespace wattlayer
