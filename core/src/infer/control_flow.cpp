#include "infer/control_flow.hpp"

#include <vector>

#include "infer/branches.hpp"
#include "infer/loops.hpp"
#include "ops/op_table.hpp"

namespace wattlayer {

std::optional<Model> resolve_control_flow(const Model& model, const Inference& inf) {
    const int64_t opset = rules_opset(model);
    std::vector<const Graph*> branches(model.graph.nodes.size(), nullptr);
    std::vector<std::optional<LoopPlan>> loops(model.graph.nodes.size());
    bool any = false;
    size_t nodes = model.graph.nodes.size();
    for (size_t n = 0; n < model.graph.nodes.size(); ++n) {
        const Node& node = model.graph.nodes[n];
        if (node.op != "If" && node.op != "Loop" && node.op != "Scan") continue;
        branches[n] = taken_branch(node, inf.nodes[n], inf);
        if (!branches[n]) loops[n] = plan_unrolling(node, inf.nodes[n], inf, opset);
        if (loops[n] && nodes + loops[n]->added_nodes() > kMaxNodesAfterUnrolling) loops[n].reset();  // stays counted, not costed
        if (loops[n]) nodes += loops[n]->added_nodes();
        any = any || branches[n] || loops[n];
    }
    if (!any) return std::nullopt;
    Model out = model;  // shares the store: the new names go to its arena
    out.graph.nodes.clear();
    for (size_t n = 0; n < model.graph.nodes.size(); ++n) {
        const Node& node = model.graph.nodes[n];
        if (branches[n]) splice_branch(node, *branches[n], out);
        else if (loops[n]) unroll(node, *loops[n], out, opset);
        else out.graph.nodes.push_back(node);
    }
    return out;
}

Inference infer_resolving_control_flow(const Model& model, const InspectOptions& options, std::optional<Model>& rewritten) {
    Inference inf = infer_shapes(model, options);
    for (int level = 0; level < kMaxControlFlowLevels; ++level) {
        std::optional<Model> next = resolve_control_flow(rewritten ? *rewritten : model, inf);
        if (!next) break;
        rewritten = std::move(next);
        inf = infer_shapes(*rewritten, options);
    }
    return inf;
}

}  // namespace wattlayer
