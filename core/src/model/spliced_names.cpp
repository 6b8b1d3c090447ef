#include "model/spliced_names.hpp"

#include <unordered_set>

namespace wattlayer {
namespace {

using NameSet = std::unordered_set<std::string_view>;

bool has_subgraph(Span<Attribute> attributes) {
    for (const Attribute& a : attributes)
        if (!a.graphs.empty()) return true;
    return false;
}

// The names a graph defines itself: they hide the enclosing scope's tensors of the same name.
void add_defined(const Graph& g, NameSet& defined) {
    for (const ValueInfo& in : g.inputs) defined.insert(in.name);
    for (const Tensor& t : g.initializers) defined.insert(t.name);
    for (const Node& node : g.nodes)
        for (std::string_view o : node.outputs) defined.insert(o);
}

Span<Attribute> renamed_attributes(Span<Attribute> attributes, const SplicedNames& names, ModelStore& store, const NameSet& hidden);

// A copy of `g` whose reads of the enclosing scope use the spliced names; `hidden` are the names
// that graphs between `g` and the splice define themselves.
const Graph* renamed_graph(const Graph& g, const SplicedNames& names, ModelStore& store, NameSet hidden) {
    add_defined(g, hidden);
    Graph& copy = store.graphs.emplace_back(g);
    for (Node& node : copy.nodes) {
        SmallVector<std::string_view, 8> inputs;
        for (std::string_view in : node.inputs) inputs.push_back(in.empty() || hidden.count(in) ? in : names.outer(in));
        node.inputs = store.arena.store_all(inputs);
        if (has_subgraph(node.attributes)) node.attributes = renamed_attributes(node.attributes, names, store, hidden);
    }
    for (ValueInfo& out : copy.outputs)
        if (!hidden.count(out.name)) out.name = names.outer(out.name);  // a branch may return an outer tensor
    return &copy;
}

Span<Attribute> renamed_attributes(Span<Attribute> attributes, const SplicedNames& names, ModelStore& store, const NameSet& hidden) {
    SmallVector<Attribute, 4> copies(attributes.begin(), attributes.end());
    for (Attribute& a : copies) {
        if (a.graphs.empty()) continue;
        SmallVector<const Graph*, 2> graphs;
        for (const Graph* g : a.graphs) graphs.push_back(renamed_graph(*g, names, store, hidden));
        a.graphs = store.arena.store_all(graphs);
    }
    return store.arena.store_all(copies);
}

}  // namespace

Span<Attribute> SplicedNames::subgraph_attributes(Span<Attribute> attributes, ModelStore& store) const {
    return has_subgraph(attributes) ? renamed_attributes(attributes, *this, store, {}) : attributes;
}

void append_spliced_body(const Graph& body, SplicedNames& names, Model& out, std::string_view bounded_loop) {
    // The body's own tensors first, so that its nodes' inputs find them renamed.
    for (const Tensor& t : body.initializers) {
        Tensor copy = t;
        copy.name = names.own(t.name);
        out.graph.initializers.push_back(std::move(copy));
    }
    for (const Node& node : body.nodes)
        for (std::string_view o : node.outputs) names.own(o);
    for (size_t k = 0; k < body.nodes.size(); ++k) {
        Node copy = body.nodes[k];
        copy.name = names.node_name(copy, k);
        copy.inputs = names.outer_all(copy.inputs);
        copy.outputs = names.outer_all(copy.outputs);
        copy.attributes = names.subgraph_attributes(copy.attributes, *out.store);
        if (copy.bounded_loop.empty()) copy.bounded_loop = bounded_loop;
        out.graph.nodes.push_back(copy);
    }
}

}  // namespace wattlayer
