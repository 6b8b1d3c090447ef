#include "infer/branches.hpp"

#include <string>

#include "containers/small_vector.hpp"
#include "model/spliced_names.hpp"

namespace wattlayer {

const Graph* taken_branch(const Node& node, const NodeOutcome& outcome, const Inference& inf) {
    if (node.op != "If" || !node.domain.empty() || outcome.inputs.empty() || outcome.inputs[0] == Inference::kNone) return nullptr;
    const Value& condition = inf.values[outcome.inputs[0]];
    if (!condition.data || condition.data->size() != 1) return nullptr;
    const bool value = condition.data->is_float ? condition.data->floats[0] != 0 : condition.data->ints[0] != 0;
    const Attribute* branch = node.attribute(value ? "then_branch" : "else_branch");
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
        bool own_tensor = false;
        for (const Tensor& t : branch.initializers) own_tensor = own_tensor || t.name == name;
        for (const Node& inner : branch.nodes)
            for (std::string_view o : inner.outputs) own_tensor = own_tensor || o == name;
        if (own_tensor) continue;
        graph.nodes.push_back(added_node(arena, names.prefix() + "/output_" + std::to_string(i), "Identity", {name}, node.outputs[i]));
    }
    append_spliced_body(branch, names, out);
}

}  // namespace wattlayer
