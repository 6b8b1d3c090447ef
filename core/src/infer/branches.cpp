#include "infer/branches.hpp"

#include <string>

#include "containers/small_vector.hpp"
#include "model/spliced_names.hpp"

namespace wattlayer {

const Graph* taken_branch(const Node& node, const NodeOutcome& outcome, const Inference& inf) {
    if (node.op != "If" || !node.domain.empty() || outcome.inputs.empty() || outcome.inputs[0] == Inference::kNone) return nullptr;
    const std::optional<bool> condition = truth_of(inf.values[outcome.inputs[0]].data);
    if (!condition) return nullptr;
    const Attribute* branch = node.attribute(*condition ? "then_branch" : "else_branch");
    return branch && branch->graphs.size() == 1 ? branch->graphs[0] : nullptr;
}

void splice_branch(const Node& node, const Graph& branch, Model& out) {
    Graph& graph = out.graph;
    Arena& arena = out.store->arena;
    SplicedNames names(arena, node.name.empty() ? std::string("If_") + std::to_string(graph.nodes.size()) : std::string(node.name));
    for (size_t i = 0; i < branch.outputs.size(); ++i)
        names.bind(branch.outputs[i].name, i < node.outputs.size() ? node.outputs[i] : std::string_view());
    // A branch output that the branch does not compute (an outer tensor) passes through an Identity.
    for (size_t i = 0; i < branch.outputs.size() && i < node.outputs.size(); ++i) {
        const std::string_view name = branch.outputs[i].name;
        if (defines(branch, name)) continue;
        graph.nodes.push_back(added_node(arena, names.prefix() + "/output_" + std::to_string(i), "Identity", {name}, node.outputs[i]));
    }
    append_spliced_body(branch, names, out);
}

}  // namespace wattlayer
