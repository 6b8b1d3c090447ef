#include "model/functions.hpp"

#include <string>

#include "containers/small_vector.hpp"
#include "model/spliced_names.hpp"
#include "wattlayer/error.hpp"

namespace wattlayer {
namespace {

constexpr int kMaxCallDepth = 16;

class Inliner {
public:
    Inliner(Model& model, size_t max_nodes) : model_(model), arena_(model.store->arena), max_nodes_(max_nodes) {}

    std::vector<Node> inline_graph(const std::vector<Node>& nodes) {
        std::vector<Node> out;
        out.reserve(nodes.size());
        for (const Node& node : nodes) emit(node, 0, out);
        return out;
    }

private:
    const Function* find(std::string_view domain, std::string_view op) const {
        for (const Function& f : model_.functions)
            if (f.name == op && f.domain == domain) return &f;
        return nullptr;
    }

    void emit(const Node& node, int depth, std::vector<Node>& out) {
        const Function* f = find(node.domain, node.op);
        if (!f) {
            if (out.size() >= max_nodes_) throw Error("too_large", "the graph has more than " + std::to_string(max_nodes_) + " nodes once its functions are inlined");
            out.push_back(node);
            return;
        }
        if (depth >= kMaxCallDepth)
            throw Error("invalid_model", "function '" + std::string(f->name) + "' calls functions deeper than " + std::to_string(kMaxCallDepth) + " levels");
        SplicedNames names(arena_, node.name.empty() ? std::string(node.op) + "_" + std::to_string(unnamed_calls_++) : std::string(node.name));
        for (size_t i = 0; i < f->inputs.size(); ++i) names.bind(f->inputs[i], i < node.inputs.size() ? node.inputs[i] : std::string_view());
        for (size_t i = 0; i < f->outputs.size(); ++i) names.bind(f->outputs[i], i < node.outputs.size() ? node.outputs[i] : std::string_view());
        for (size_t k = 0; k < f->nodes.size(); ++k) {
            Node inner = f->nodes[k];
            inner.name = names.node_name(inner, k);
            inner.inputs = names.own_all(inner.inputs);
            inner.outputs = names.own_all(inner.outputs);
            inner.attributes = resolved(inner.attributes, node, *f);
            emit(inner, depth + 1, out);
        }
    }

    // The body node's attributes, those that refer to the call's replaced by the call's value (or
    // the function's default; dropped when neither has one).
    Span<Attribute> resolved(Span<Attribute> attributes, const Node& call, const Function& f) {
        bool any_reference = false;
        for (const Attribute& a : attributes) any_reference = any_reference || !a.ref_attr_name.empty();
        if (!any_reference) return attributes;
        SmallVector<Attribute, 4> list;
        for (const Attribute& a : attributes) {
            if (a.ref_attr_name.empty()) {
                list.push_back(a);
                continue;
            }
            const Attribute* value = call.attribute(a.ref_attr_name);
            if (!value)
                for (const Attribute& d : f.defaults)
                    if (d.name == a.ref_attr_name) value = &d;
            if (!value) continue;
            Attribute taken = *value;
            taken.name = a.name;
            taken.ref_attr_name = {};
            list.push_back(taken);
        }
        return arena_.store_all(list);
    }

    Model& model_;
    Arena& arena_;
    size_t max_nodes_;
    size_t unnamed_calls_ = 0;
};

}  // namespace

void inline_functions(Model& model, size_t max_nodes) {
    Inliner inliner(model, max_nodes);
    model.graph.nodes = inliner.inline_graph(model.graph.nodes);
}

}  // namespace wattlayer
