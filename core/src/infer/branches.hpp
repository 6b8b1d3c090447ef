#pragma once
// `If` nodes whose condition is a constant (a flag the exporter baked in, or an input the user
// bound) take their branch: the branch's nodes replace the `If` in the graph, so that they are
// inferred and costed like any layer, and the untaken branch costs nothing.
#include "infer/infer.hpp"
#include "model/graph.hpp"

namespace wattlayer {

// The branch `node` takes when it is an If whose condition `inf` knows; nullptr otherwise.
const Graph* taken_branch(const Node& node, const NodeOutcome& outcome, const Inference& inf);

// Appends `branch`'s nodes and initializers to `out`'s graph in place of `node`: the branch's
// outputs renamed to the If's, its own tensors to "<if>/<name>".
void splice_branch(const Node& node, const Graph& branch, Model& out);

}  // namespace wattlayer
