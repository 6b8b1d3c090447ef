#pragma once
// The names of a body spliced into the main graph (a function's at its call, the branch an If
// takes): tensors bound to the caller's names, the body's own tensors and nodes under
// "<prefix>/<name>", stored in the model's arena.
//
// A node's subgraphs (a nested If's branches, a Loop's body) read the tensors around them by name,
// so a spliced node with subgraphs gets copies of them that read the new names (subgraph_attributes).
#include <string>
#include <string_view>
#include <unordered_map>

#include "containers/arena.hpp"
#include "containers/small_vector.hpp"
#include "model/graph.hpp"

namespace wattlayer {

class SplicedNames {
public:
    SplicedNames(Arena& arena, std::string prefix) : arena_(arena), prefix_(std::move(prefix)) {}

    // The body's tensor `inner` is the caller's `outer` ("" for an omitted one).
    void bind(std::string_view inner, std::string_view outer) { names_[inner] = outer; }

    // A tensor of the body's own: the name it is bound to, else "<prefix>/<name>" (made once).
    std::string_view own(std::string_view name) {
        if (name.empty()) return name;
        auto [it, fresh] = names_.try_emplace(name);
        if (fresh) it->second = arena_.store(prefix_ + "/" + std::string(name));
        return it->second;
    }
    // A tensor as the graph knows it: bound or own, else the enclosing scope's own name.
    std::string_view outer(std::string_view name) const {
        const auto it = names_.find(name);
        return it == names_.end() ? name : it->second;
    }
    // A list with every name made own (a function body has no enclosing scope) or looked up outside
    // (a branch reads the graph's tensors by their names).
    Span<std::string_view> own_all(Span<std::string_view> names) { return rename_all(names, true); }
    Span<std::string_view> outer_all(Span<std::string_view> names) { return rename_all(names, false); }

    // Node `k` of the body: "<prefix>/<its name>", or "<prefix>/<op>_<k>" when unnamed.
    std::string_view node_name(const Node& node, size_t k) {
        return arena_.store(prefix_ + "/" + (node.name.empty() ? std::string(node.op) + "_" + std::to_string(k) : std::string(node.name)));
    }
    const std::string& prefix() const { return prefix_; }

    // `attributes` with every subgraph copied (into `store`) so that the names it reads from the
    // body around it are the spliced ones; `attributes` itself when there is no subgraph. Call once
    // the body's own tensors are all named (own).
    Span<Attribute> subgraph_attributes(Span<Attribute> attributes, ModelStore& store) const;

private:
    Span<std::string_view> rename_all(Span<std::string_view> names, bool make_own) {
        SmallVector<std::string_view, 8> list;
        for (std::string_view n : names) list.push_back(make_own ? own(n) : outer(n));
        return arena_.store_all(list);
    }

    Arena& arena_;
    std::string prefix_;
    std::unordered_map<std::string_view, std::string_view> names_;
};

// A node the splice adds itself (an Identity for a body output that passes an outer tensor
// through, the slicing and stacking of a Scan), named `name`.
inline Node added_node(Arena& arena, const std::string& name, std::string_view op, std::initializer_list<std::string_view> inputs,
                       std::string_view output, std::initializer_list<Attribute> attributes = {}) {
    Node node;
    node.name = arena.store(name);
    node.op = op;
    node.inputs = arena.store_all(SmallVector<std::string_view, 2>(inputs));
    node.outputs = arena.store_all(SmallVector<std::string_view, 1>{output});
    node.attributes = arena.store_all(SmallVector<Attribute, 1>(attributes));
    return node;
}

// Whether `body` computes or holds the tensor `name` itself (a node output or an initializer),
// rather than reading it from the graph around it.
inline bool defines(const Graph& body, std::string_view name) {
    for (const Tensor& t : body.initializers)
        if (t.name == name) return true;
    for (const Node& node : body.nodes)
        for (std::string_view o : node.outputs)
            if (o == name) return true;
    return false;
}

// Appends `body`'s initializers and nodes to `out`'s graph under `names` (bind the body's inputs and
// outputs first). `bounded_loop`, when set, goes to the copies' Node::bounded_loop.
void append_spliced_body(const Graph& body, SplicedNames& names, Model& out, std::string_view bounded_loop = {});

}  // namespace wattlayer
