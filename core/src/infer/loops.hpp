#pragma once
// Loops the inference can count are written out: a Loop whose trip count is known (a constant,
// or computed from the bound of a data-dependent size) and a Scan over inputs of known length get
// one copy of their body per iteration, so that every iteration's layers are inferred and costed
// like any other (a detector's per-detection keypoint decoding, an RNN exported as a Scan). When
// the loop may run fewer iterations than written out (its trip count is a bound, or its condition
// can end it early), the copies name the loop in Node::bounded_loop: their costs are an upper bound.
#include <optional>

#include "containers/small_vector.hpp"
#include "infer/infer.hpp"
#include "model/graph.hpp"

namespace wattlayer {

// A loop whose iterations x body nodes exceed this stays as it is (counted, not costed): a
// `while` exported with an int64-max trip count, a generation loop of thousands of steps.
inline constexpr int64_t kMaxUnrolledNodes = 100000;
// And a graph stops growing at this many nodes: loops nested in loops multiply.
inline constexpr size_t kMaxNodesAfterUnrolling = 1000000;

struct LoopPlan {
    const Graph* body = nullptr;
    size_t added_nodes() const { return static_cast<size_t>(iterations) * (body->nodes.size() + 1); }
    int64_t iterations = 0;
    bool at_most = false;                // the loop may run fewer iterations
    SmallVector<int64_t, 2> input_axes;  // a Scan's scan axis of each scanned input, non-negative
};

// How `node` (a Loop or a Scan) is written out, when the inference knows its iterations.
std::optional<LoopPlan> plan_unrolling(const Node& node, const NodeOutcome& outcome, const Inference& inf, int64_t opset);

// Appends the iterations `plan` describes to `out`'s graph in place of `node`: iteration t's
// tensors and nodes under "<loop>/<t>/", the loop's outputs under their own names.
void unroll(const Node& node, const LoopPlan& plan, Model& out, int64_t opset);

}  // namespace wattlayer
