#include "infer/branches.hpp"

#include <string>

#include "containers/small_vector.hpp"
#include "model/spliced_names.hpp"

namespace wattlayer {
namespace {

// The branch an If takes, when its condition's value is known.
const Graph* taken_branch(const Node& node, const NodeOutcome& outcome, const Inference& inf) {
    if (node.op != "If" || !node.domain.empty() || outcome.inputs.empty() || outcome.inputs[0] == Inference::kNone) return nullptr;
    const Value& condition = inf.values[outcome.inputs[0]];
    if (!condition.data || condition.data->size() != 1) return nullptr;
    const bool value = condition.data->is_float ? condition.data->floats[0] != 0 : condition.data->ints[0] != 0;
    const Attribute* branch = node.attribute(value ? "then_branch" : "else_branch");
    return branch && branch->graphs.size() == 1 ? branch->graphs[0] : nullptr;
}

// Appends `branch`'s nodes and initializers to `graph` in place of `node`.
void splice(const Node& node, const Graph& branch, Graph& graph, Arena& arena) {
    SplicedNames names(arena, node.name.empty() ? std::string("If_") + std::to_string(graph.nodes.size()) : std::string(node.name));
    for (size_t i = 0; i < branch.outputs.size(); ++i)
        names.bind(branch.outputs[i].name, i < node.outputs.size() ? node.outputs[i] : std::string_view());
    // The branch's own tensors first, so that its nodes' inputs find them renamed.
    for (const Tensor& t : branch.initializers) {
        Tensor copy = t;
        copy.name = names.own(t.name);
        graph.initializers.push_back(std::move(copy));
    }
    for (const Node& inner : branch.nodes)
        for (std::string_view o : inner.outputs) names.own(o);
    // A branch output that the branch does not compute (an outer tensor) passes through an Identity.
    for (size_t i = 0; i < branch.outputs.size() && i < node.outputs.size(); ++i) {
        const std::string_view name = branch.outputs[i].name;
        bool own_tensor = false;
        for (const Tensor& t : branch.initializers) own_tensor = own_tensor || t.name == name;
        for (const Node& inner : branch.nodes)
            for (std::string_view o : inner.outputs) own_tensor = own_tensor || o == name;
        if (own_tensor) continue;
        Node identity;
        identity.name = arena.store(names.prefix() + "/output_" + std::to_string(i));
        identity.op = "Identity";
        identity.inputs = arena.store_all(SmallVector<std::string_view, 1>{name});
        identity.outputs = arena.store_all(SmallVector<std::string_view, 1>{node.outputs[i]});
        graph.nodes.push_back(identity);
    }
    for (size_t k = 0; k < branch.nodes.size(); ++k) {
        Node copy = branch.nodes[k];
        copy.name = names.node_name(copy, k);
        copy.inputs = names.outer_all(copy.inputs);
        copy.outputs = names.outer_all(copy.outputs);
        graph.nodes.push_back(copy);
    }
}

}  // namespace

std::optional<Model> take_constant_branches(const Model& model, const Inference& inf) {
    bool any = false;
    for (size_t n = 0; n < model.graph.nodes.size() && !any; ++n) any = taken_branch(model.graph.nodes[n], inf.nodes[n], inf) != nullptr;
    if (!any) return std::nullopt;
    Model out = model;  // shares the store: the spliced names go to its arena
    out.graph.nodes.clear();
    for (size_t n = 0; n < model.graph.nodes.size(); ++n) {
        const Node& node = model.graph.nodes[n];
        if (const Graph* branch = taken_branch(node, inf.nodes[n], inf)) splice(node, *branch, out.graph, out.store->arena);
        else out.graph.nodes.push_back(node);
    }
    return out;
}

Inference infer_taking_constant_branches(const Model& model, const InspectOptions& options, std::optional<Model>& rewritten) {
    Inference inf = infer_shapes(model, options);
    for (int level = 0; level < kMaxBranchLevels; ++level) {
        std::optional<Model> next = take_constant_branches(rewritten ? *rewritten : model, inf);
        if (!next) break;
        rewritten = std::move(next);
        inf = infer_shapes(*rewritten, options);
    }
    return inf;
}

}  // namespace wattlayer
