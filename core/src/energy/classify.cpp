// ONNX layers -> the calls PyTorch eager makes for them. The exporter spells some torch calls as
// several nodes (GELU, SiLU, a linear's bias), folds a BatchNorm into the Conv before it, and keeps
// nodes that only transform weights; the measured models paid for neither more nor fewer calls.
#include "energy/classify.hpp"

#include <string_view>
#include <vector>

#include "ops/op_table.hpp"

namespace wattlayer {
namespace {

constexpr size_t kNone = Inference::kNone;

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

// Who produces and who reads each value of an inference (by value id).
struct ValueLinks {
    static constexpr size_t kMany = kNone - 1;
    std::vector<size_t> producer;         // node index, kNone for graph inputs and initializers
    std::vector<size_t> single_consumer;  // node index when exactly one input slot reads it, kMany or kNone else

    explicit ValueLinks(const Inference& inf) : producer(inf.values.size(), kNone), single_consumer(inf.values.size(), kNone) {
        for (size_t n = 0; n < inf.nodes.size(); ++n) {
            for (size_t o : inf.nodes[n].outputs)
                if (o != kNone) producer[o] = n;
            for (size_t i : inf.nodes[n].inputs)
                if (i != kNone) single_consumer[i] = single_consumer[i] == kNone ? n : kMany;
        }
    }
};

// Whether every input of node `n` is one of `values` (omitted inputs apart); false without inputs.
bool all_inputs_in(const NodeOutcome& n, const std::vector<bool>& values) {
    if (n.inputs.empty()) return false;
    for (size_t i : n.inputs)
        if (i != kNone && !values[i]) return false;
    return true;
}

GraphFacts graph_facts(const Graph& g, const Inference& inf) {
    const size_t count = g.nodes.size();
    const ValueLinks links(inf);
    auto op_of = [&](size_t n) { return n < count ? g.nodes[n].op : std::string_view(); };
    auto input = [&](size_t n, size_t k) { return k < inf.nodes[n].inputs.size() ? inf.nodes[n].inputs[k] : kNone; };
    auto output0 = [&](size_t n) { return inf.nodes[n].outputs.empty() ? kNone : inf.nodes[n].outputs[0]; };

    // Weights: initializers, Constant outputs, and Identity aliases of either (exporters dedupe
    // shared weights).
    std::vector<bool> weight(inf.values.size(), false);
    for (size_t v = 0; v < inf.values.size(); ++v) weight[v] = inf.values[v].weight_id >= 0;
    for (size_t n : inf.order) {
        const bool alias = g.nodes[n].op == "Identity" && input(n, 0) != kNone && weight[input(n, 0)];
        if (g.nodes[n].op == "Constant" || alias)
            for (size_t o : inf.nodes[n].outputs)
                if (o != kNone) weight[o] = true;
    }

    GraphFacts f{std::vector<bool>(count), std::vector<bool>(count), std::vector<bool>(count)};
    for (size_t n = 0; n < count; ++n) {
        const std::string_view op = g.nodes[n].op;
        const size_t inputs = inf.nodes[n].inputs.size();
        // GELU: Div(x, sqrt 2) -> Erf -> Add(1) -> Mul(x, .) -> Mul(0.5); the Erf stands for the call.
        if (op == "Erf" && input(n, 0) != kNone && output0(n) != kNone) {
            const size_t p = links.producer[input(n, 0)];
            if (p != kNone && is_any(op_of(p), {"Div", "Mul"})) f.fused[p] = true;
            size_t cur = n;
            for (std::string_view want : {"Add", "Mul", "Mul"}) {
                if (output0(cur) == kNone) break;
                const size_t next = links.single_consumer[output0(cur)];
                if (next == kNone || next == ValueLinks::kMany || op_of(next) != want) break;
                cur = next;
                f.fused[cur] = true;
            }
        }
        // SiLU: Mul(x, Sigmoid(x)); the Sigmoid stands for the call.
        if (op == "Mul" && inputs == 2)
            for (size_t k = 0; k < 2; ++k) {
                const size_t other = input(n, 1 - k);
                const size_t p = other == kNone ? kNone : links.producer[other];
                if (p != kNone && op_of(p) == "Sigmoid" && input(p, 0) != kNone && input(p, 0) == input(n, k)) f.fused[n] = true;
            }
        // The bias of a linear layer: torch adds it inside the GEMM.
        if (op == "Add" && inputs == 2)
            for (size_t k = 0; k < 2; ++k) {
                const size_t data = input(n, k), bias = input(n, 1 - k);
                const size_t p = data == kNone ? kNone : links.producer[data];
                if (bias == kNone || !weight[bias] || p == kNone || !is_any(op_of(p), {"MatMul", "Gemm"})) continue;
                for (size_t i = 1; i < inf.nodes[p].inputs.size(); ++i)
                    if (input(p, i) != kNone && weight[input(p, i)]) f.bias_add[n] = true;
            }
    }
    // Values computed from weights and constants only (cached or folded in torch), in execution
    // order, repeated until stable for a graph with a cycle.
    std::vector<bool> constant = weight;
    for (bool grew = true; grew;) {
        grew = false;
        for (size_t n : inf.order) {
            if (is_any(g.nodes[n].op, {"If", "Loop"}) || !all_inputs_in(inf.nodes[n], constant)) continue;
            for (size_t o : inf.nodes[n].outputs)
                if (o != kNone && !constant[o]) grew = constant[o] = true;
        }
    }
    for (size_t n = 0; n < count; ++n) f.const_only[n] = all_inputs_in(inf.nodes[n], constant);
    return f;
}

int64_t group_of(const Node& node) {
    const Attribute* a = node.attribute("group");
    return a ? a->i : 1;
}

double output_elements(const NodeOutcome& node, const Inference& inf) {
    double total = 0;
    for (size_t id : node.outputs) {
        if (id == kNone || !inf.values[id].shape_known()) continue;
        double n = 1;
        for (const Dim& d : inf.values[id].dims) n *= static_cast<double>(d.value);
        total += n;
    }
    return total;
}

bool is_depthwise(const NodeOutcome& outcome, const Inference& inf, const Node& node) {
    if (outcome.inputs.size() < 2 || outcome.inputs[1] == kNone) return false;
    const Value& w = inf.values[outcome.inputs[1]];
    return w.has_rank && w.rank() >= 2 && w.dims[1].value == 1 && group_of(node) > 1;
}

}  // namespace

std::vector<LayerCall> classify_layers(const Model& model, const Inference& inf, const LayerCosts& costs) {
    const Graph& g = model.graph;
    const GraphFacts facts = graph_facts(g, inf);
    std::vector<LayerCall> calls;
    calls.reserve(costs.layers.size());
    for (size_t i = 0; i < costs.layers.size(); ++i) {
        const LayerCost& l = costs.layers[i];
        const Node& node = g.nodes[l.node];
        const NodeOutcome& outcome = inf.nodes[l.node];
        const OpRule* rule = outcome.rule;
        // An operator outside the registry is charged as a view: nothing was fitted on it.
        const EnergyClass cls = rule ? energy_class(*rule) : EnergyClass::View;
        const HostGroup host = rule ? host_group(*rule) : HostGroup::View;
        const double flops = static_cast<double>(l.flops);
        const double bytes = static_cast<double>(l.bytes_read + l.bytes_written);
        auto call = [&](EnergyClass c, HostGroup h) { calls.push_back({i, c, h, flops, bytes}); };
        if (cls == EnergyClass::Conv) {
            if (is_depthwise(outcome, inf, node)) call(EnergyClass::ConvDepthwise, HostGroup::ConvDepthwise);
            else call(EnergyClass::Conv, HostGroup::Conv);
            // A BatchNorm folded in by the exporter (its weight is renamed): torch ran it as its own
            // call, reading and writing the conv's output, 2 FLOPs per element.
            if (node.inputs.size() > 1 && node.inputs[1].substr(0, 11) == "onnx::Conv_")
                calls.push_back({i, EnergyClass::Normalization, HostGroup::BatchNorm, 2 * output_elements(outcome, inf),
                                 2 * static_cast<double>(l.bytes_written)});
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

void repeat_calls(std::vector<LayerCall>& calls, int64_t passes) {
    if (passes <= 1) return;
    const size_t one_pass = calls.size();
    calls.reserve(one_pass * static_cast<size_t>(passes));
    for (int64_t pass = 1; pass < passes; ++pass) calls.insert(calls.end(), calls.begin(), calls.begin() + static_cast<std::ptrdiff_t>(one_pass));
}

}  // namespace wattlayer
