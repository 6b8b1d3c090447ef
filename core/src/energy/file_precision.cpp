#include "energy/file_precision.hpp"

#include <algorithm>
#include <string_view>
#include <vector>

namespace wattlayer {
namespace {

bool is_quantized_operator(std::string_view op) {
    return op.starts_with("QLinear") || op.ends_with("Integer") || op == "QGemm" || op == "QAttention" || op == "DynamicQuantizeMatMul" ||
           op == "MatMulIntegerToFloat";
}

// Values written by a DequantizeLinear node, by value id.
std::vector<bool> dequantized_values(const Model& model, const Inference& inf) {
    std::vector<bool> dequantized(inf.values.size(), false);
    for (size_t n = 0; n < inf.nodes.size(); ++n) {
        if (model.graph.nodes[n].op != "DequantizeLinear") continue;
        for (size_t id : inf.nodes[n].outputs)
            if (id != Inference::kNone) dequantized[id] = true;
    }
    return dequantized;
}

std::optional<FilePrecision> float_precision(DType t) {
    switch (t) {
        case DType::Float: return FilePrecision::FP32;
        case DType::Float16: return FilePrecision::FP16;
        case DType::BFloat16: return FilePrecision::BF16;
        default: return std::nullopt;
    }
}

}  // namespace

FileCompute file_compute(const Model& model, const Inference& inf, const LayerCosts& costs) {
    const std::vector<bool> dequantized = dequantized_values(model, inf);
    std::array<double, kFilePrecisions> flops{};
    double total = 0;
    for (const LayerCost& layer : costs.layers) {
        if (layer.flops <= 0) continue;
        const NodeOutcome& outcome = inf.nodes[layer.node];
        std::optional<FilePrecision> p;
        const bool from_dequantize = std::any_of(outcome.inputs.begin(), outcome.inputs.end(), [&](size_t id) { return id != Inference::kNone && dequantized[id]; });
        if (is_quantized_operator(model.graph.nodes[layer.node].op) || from_dequantize) p = FilePrecision::INT8;
        else if (!outcome.inputs.empty() && outcome.inputs[0] != Inference::kNone) p = float_precision(inf.values[outcome.inputs[0]].dtype);
        if (!p) continue;
        flops[static_cast<size_t>(*p)] += static_cast<double>(layer.flops);
        total += static_cast<double>(layer.flops);
    }
    FileCompute compute;
    if (total <= 0) return compute;  // nothing to tell by: fp32, as exporters write by default
    for (size_t i = 0; i < kFilePrecisions; ++i) compute.shares[i] = flops[i] / total;
    const FilePrecision main = compute.main();
    compute.precision = compute.shares[static_cast<size_t>(main)] >= 0.9 ? main : FilePrecision::Mixed;
    return compute;
}

}  // namespace wattlayer
