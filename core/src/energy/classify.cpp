// ONNX layers -> the calls PyTorch eager makes for them. The exporter spells some torch calls as
// several nodes (GELU, SiLU, a linear's bias), folds a BatchNorm into the Conv before it, and keeps
// nodes that only transform weights; the measured models paid for neither more nor fewer calls.
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "ops/op_table.hpp"
#include "wattlayer/energy.hpp"

namespace wattlayer {
namespace {

using NameSet = std::unordered_set<std::string_view>;

bool is_any(std::string_view op, std::initializer_list<std::string_view> ops) {
    for (std::string_view o : ops)
        if (op == o) return true;
    return false;
}

// What the graph around each node says about it (indexed by node).
struct GraphFacts {
    std::vector<bool> bias_add;    // Add(MatMul/Gemm(x, W), b): the bias of a torch linear
    std::vector<bool> fused;       // a non-leading node of a GELU (erf form) or SiLU chain
    std::vector<bool> const_only;  // every input is a weight, a constant or computed from them
};

// Initializers, Constant outputs, and Identity aliases of either (exporters dedupe shared weights).
NameSet weight_names(const Graph& g) {
    NameSet init;
    for (const Tensor& t : g.initializers) init.insert(t.name);
    for (const Node& n : g.nodes)
        if (n.op == "Constant" || (n.op == "Identity" && !n.inputs.empty() && init.count(n.inputs[0])))
            for (std::string_view o : n.outputs) init.insert(o);
    return init;
}

bool all_inputs_in(const Node& n, const NameSet& names) {
    if (n.inputs.empty()) return false;
    for (std::string_view i : n.inputs)
        if (!i.empty() && !names.count(i)) return false;
    return true;
}

GraphFacts graph_facts(const Graph& g) {
    const size_t count = g.nodes.size();
    const NameSet init = weight_names(g);
    std::unordered_map<std::string_view, size_t> producer;
    std::unordered_map<std::string_view, std::vector<size_t>> consumers;
    for (size_t n = 0; n < count; ++n) {
        for (std::string_view o : g.nodes[n].outputs) producer[o] = n;
        for (std::string_view i : g.nodes[n].inputs) consumers[i].push_back(n);
    }
    auto produced_by = [&](std::string_view name) -> const Node* {
        const auto it = producer.find(name);
        return it == producer.end() ? nullptr : &g.nodes[it->second];
    };

    GraphFacts f{std::vector<bool>(count), std::vector<bool>(count), std::vector<bool>(count)};
    for (size_t n = 0; n < count; ++n) {
        const Node& node = g.nodes[n];
        // GELU: Div(x, sqrt 2) -> Erf -> Add(1) -> Mul(x, .) -> Mul(0.5); the Erf stands for the call.
        if (node.op == "Erf" && !node.inputs.empty() && !node.outputs.empty()) {
            const auto p = producer.find(node.inputs[0]);
            if (p != producer.end() && is_any(g.nodes[p->second].op, {"Div", "Mul"})) f.fused[p->second] = true;
            size_t cur = n;
            for (std::string_view want : {"Add", "Mul", "Mul"}) {
                if (g.nodes[cur].outputs.empty()) break;
                const auto c = consumers.find(g.nodes[cur].outputs[0]);
                if (c == consumers.end() || c->second.size() != 1 || g.nodes[c->second[0]].op != want) break;
                cur = c->second[0];
                f.fused[cur] = true;
            }
        }
        // SiLU: Mul(x, Sigmoid(x)); the Sigmoid stands for the call.
        if (node.op == "Mul" && node.inputs.size() == 2)
            for (int k = 0; k < 2; ++k) {
                const Node* p = produced_by(node.inputs[1 - k]);
                if (p && p->op == "Sigmoid" && !p->inputs.empty() && p->inputs[0] == node.inputs[k]) f.fused[n] = true;
            }
        // The bias of a linear layer: torch adds it inside the GEMM.
        if (node.op == "Add" && node.inputs.size() == 2)
            for (int k = 0; k < 2; ++k) {
                const Node* p = produced_by(node.inputs[k]);
                if (!init.count(node.inputs[1 - k]) || !p || !is_any(p->op, {"MatMul", "Gemm"})) continue;
                for (size_t i = 1; i < p->inputs.size(); ++i)
                    if (init.count(p->inputs[i])) f.bias_add[n] = true;
            }
    }
    // Values computed from weights and constants only (cached or folded in torch). Repeated until
    // stable, so that a file whose nodes are not in topological order gets the same answer.
    NameSet constant = init;
    for (bool grew = true; grew;) {
        grew = false;
        for (const Node& node : g.nodes) {
            if (is_any(node.op, {"If", "Loop"}) || !all_inputs_in(node, constant)) continue;
            for (std::string_view o : node.outputs) grew = constant.insert(o).second || grew;
        }
    }
    for (size_t n = 0; n < count; ++n) f.const_only[n] = all_inputs_in(g.nodes[n], constant);
    return f;
}

int64_t group_of(const Node& node) {
    const Attribute* a = node.attribute("group");
    return a ? a->i : 1;
}

double output_elements(const LayerReport& l) {
    double total = 0;
    for (const ReportShape& s : l.outputs) {
        if (!s.fully_known()) continue;
        double n = 1;
        for (const ReportDim& d : s.dims) n *= static_cast<double>(d.value);
        total += n;
    }
    return total;
}

bool is_depthwise(const LayerReport& l, const Node& node) {
    if (l.inputs.size() < 2 || !l.inputs[1].known_rank || l.inputs[1].dims.size() < 2) return false;
    return l.inputs[1].dims[1].value == 1 && group_of(node) > 1;
}

}  // namespace

std::vector<LayerCall> classify_layers(const Model& model, const Report& report) {
    const Graph& g = model.graph;
    const GraphFacts facts = graph_facts(g);
    const int64_t opset = rules_opset(model);
    std::vector<LayerCall> calls;
    calls.reserve(report.layers.size());
    for (size_t i = 0; i < report.layers.size(); ++i) {
        const LayerReport& l = report.layers[i];
        const Node& node = g.nodes[l.node];
        const OpRule* rule = find_op(node.domain, node.op, opset);
        // An operator outside the registry is charged as a view: nothing was fitted on it.
        const EnergyClass cls = rule ? energy_class(*rule) : EnergyClass::View;
        const HostGroup host = rule ? host_group(*rule) : HostGroup::View;
        const double flops = static_cast<double>(l.flops);
        const double bytes = static_cast<double>(l.bytes_read + l.bytes_written);
        auto call = [&](EnergyClass c, HostGroup h) { calls.push_back({i, c, h, flops, bytes}); };
        if (cls == EnergyClass::Conv) {
            if (is_depthwise(l, node)) call(EnergyClass::ConvDepthwise, HostGroup::ConvDepthwise);
            else call(EnergyClass::Conv, HostGroup::Conv);
            // A BatchNorm folded in by the exporter (its weight is renamed): torch ran it as its own
            // call, reading and writing the conv's output, 2 FLOPs per element.
            if (node.inputs.size() > 1 && node.inputs[1].substr(0, 11) == "onnx::Conv_")
                calls.push_back({i, EnergyClass::Normalization, HostGroup::BatchNorm, 2 * output_elements(l), 2 * static_cast<double>(l.bytes_written)});
        } else if (cls == EnergyClass::MatMul || cls == EnergyClass::Attention) {
            call(cls, host);
        } else if (facts.bias_add[l.node] || facts.const_only[l.node] || facts.fused[l.node]) {
            // no call of its own
        } else if (rule && rule->category == Category::DataMovement && bytes == 0) {
            call(EnergyClass::View, HostGroup::View);  // nothing to move: metadata only
        } else {
            call(cls, host);
        }
    }
    return calls;
}

HostGroup torch_host_group(std::string_view func, EnergyClass cls) {
    const TorchEntry* entry = find_torch_call(func);
    if (!entry) return HostGroup::None;
    const HostGroup host = entry->call->host ? *entry->call->host : host_group(*entry->rule);
    return host == HostGroup::Conv && cls == EnergyClass::ConvDepthwise ? HostGroup::ConvDepthwise : host;
}

}  // namespace wattlayer
