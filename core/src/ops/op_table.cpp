// The operator registry. One row per ONNX operator, sorted by name (checked at compile time).
// Columns: operator, category, shape rule, FLOP rule, FLOPs per element (for the per-element and
// composite rules), inputs that carry shapes/indices rather than data (bit i = input i), memory.
#include "ops/op_table.hpp"

#include <algorithm>
#include <array>

#include "cost/flops.hpp"
#include "shape/rules.hpp"

namespace wattlayer {
namespace {

using C = Category;
using M = Memory;
constexpr uint32_t in1 = 1u << 1, in2 = 1u << 2, in3 = 1u << 3, in4 = 1u << 4;

constexpr OpRule kOps[] = {
    {"Abs", C::Elementwise, infer_same_shape, flops_per_output, 1, 0, M::Full},
    {"Acos", C::Elementwise, infer_same_shape, flops_per_output, 1, 0, M::Full},
    {"Acosh", C::Elementwise, infer_same_shape, flops_per_output, 1, 0, M::Full},
    {"Add", C::Elementwise, infer_broadcast, flops_per_output, 1, 0, M::Full},
    {"And", C::Elementwise, infer_broadcast, flops_per_output, 1, 0, M::Full},
    {"ArgMax", C::Reduction, infer_arg_reduce, flops_per_input, 1, 0, M::Full},
    {"ArgMin", C::Reduction, infer_arg_reduce, flops_per_input, 1, 0, M::Full},
    {"Asin", C::Elementwise, infer_same_shape, flops_per_output, 1, 0, M::Full},
    {"Asinh", C::Elementwise, infer_same_shape, flops_per_output, 1, 0, M::Full},
    {"Atan", C::Elementwise, infer_same_shape, flops_per_output, 1, 0, M::Full},
    {"Atanh", C::Elementwise, infer_same_shape, flops_per_output, 1, 0, M::Full},
    {"Attention", C::Attention, infer_attention, flops_attention, 5, 0, M::Full},
    {"AveragePool", C::Pooling, infer_pool, flops_pool, 1, 0, M::Full},
    {"BatchNormalization", C::Normalization, infer_batch_norm, flops_per_output, 2, 0, M::Full},
    {"BitShift", C::Elementwise, infer_broadcast, flops_per_output, 1, 0, M::Full},
    {"BitwiseAnd", C::Elementwise, infer_broadcast, flops_per_output, 1, 0, M::Full},
    {"BitwiseNot", C::Elementwise, infer_same_shape, flops_per_output, 1, 0, M::Full},
    {"BitwiseOr", C::Elementwise, infer_broadcast, flops_per_output, 1, 0, M::Full},
    {"BitwiseXor", C::Elementwise, infer_broadcast, flops_per_output, 1, 0, M::Full},
    {"Cast", C::DataMovement, infer_cast, flops_zero, 0, 0, M::Full},
    {"CastLike", C::DataMovement, infer_cast_like, flops_zero, 0, in1, M::Full},
    {"Ceil", C::Elementwise, infer_same_shape, flops_per_output, 1, 0, M::Full},
    {"Celu", C::Elementwise, infer_same_shape, flops_per_output, 3, 0, M::Full},
    {"Clip", C::Elementwise, infer_clip, flops_per_output, 1, in1 | in2, M::Full},
    {"Col2Im", C::DataMovement, infer_col2im, flops_per_input, 1, in1 | in2, M::Full},
    {"Compress", C::DataMovement, infer_data_dependent, flops_zero, 0, in1, M::Full},
    {"Concat", C::DataMovement, infer_concat, flops_zero, 0, 0, M::Full},
    {"Constant", C::Other, infer_constant, flops_zero, 0, 0, M::View},
    {"ConstantOfShape", C::DataMovement, infer_constant_of_shape, flops_zero, 0, 1u, M::Full},
    {"Conv", C::Conv, infer_conv, flops_conv, 0, 0, M::Full},
    {"ConvTranspose", C::Conv, infer_conv_transpose, flops_conv_transpose, 0, 0, M::Full},
    {"Cos", C::Elementwise, infer_same_shape, flops_per_output, 1, 0, M::Full},
    {"Cosh", C::Elementwise, infer_same_shape, flops_per_output, 1, 0, M::Full},
    {"CumSum", C::Elementwise, infer_same_shape, flops_per_output, 1, in1, M::Full},
    {"DepthToSpace", C::DataMovement, infer_depth_to_space, flops_zero, 0, 0, M::Full},
    {"DequantizeLinear", C::Elementwise, infer_dequantize_linear, flops_per_output, 2, 0, M::Full},
    {"Div", C::Elementwise, infer_broadcast, flops_per_output, 1, 0, M::Full},
    {"Dropout", C::DataMovement, infer_dropout, flops_zero, 0, in1 | in2, M::View},
    // min and max of x, then scale, round, saturate: about 4 operations per element
    {"DynamicQuantizeLinear", C::Elementwise, infer_dynamic_quantize_linear, flops_per_output, 4, 0, M::Full},
    {"Einsum", C::MatMul, infer_einsum, flops_einsum, 0, 0, M::Full},
    {"Elu", C::Elementwise, infer_same_shape, flops_per_output, 3, 0, M::Full},
    {"Equal", C::Elementwise, infer_broadcast, flops_per_output, 1, 0, M::Full},
    {"Erf", C::Elementwise, infer_same_shape, flops_per_output, 1, 0, M::Full},
    {"Exp", C::Elementwise, infer_same_shape, flops_per_output, 1, 0, M::Full},
    {"Expand", C::DataMovement, infer_expand, flops_zero, 0, in1, M::Full},
    {"Flatten", C::DataMovement, infer_flatten, flops_zero, 0, 0, M::View},
    {"Floor", C::Elementwise, infer_same_shape, flops_per_output, 1, 0, M::Full},
    {"GRU", C::Other, infer_rnn, flops_rnn, 10, in4, M::Full},
    {"Gather", C::DataMovement, infer_gather, flops_zero, 0, 0, M::OutputSized},
    {"GatherElements", C::DataMovement, infer_gather_elements, flops_zero, 0, 0, M::OutputSized},
    {"GatherND", C::DataMovement, infer_gather_nd, flops_zero, 0, 0, M::OutputSized},
    {"Gelu", C::Elementwise, infer_same_shape, flops_per_output, 8, 0, M::Full},
    {"Gemm", C::MatMul, infer_gemm, flops_gemm, 0, 0, M::Full},
    {"GlobalAveragePool", C::Pooling, infer_global_pool, flops_per_input, 1, 0, M::Full},
    {"GlobalLpPool", C::Pooling, infer_global_pool, flops_per_input, 2, 0, M::Full},
    {"GlobalMaxPool", C::Pooling, infer_global_pool, flops_per_input, 1, 0, M::Full},
    {"Greater", C::Elementwise, infer_broadcast, flops_per_output, 1, 0, M::Full},
    {"GreaterOrEqual", C::Elementwise, infer_broadcast, flops_per_output, 1, 0, M::Full},
    {"GroupNormalization", C::Normalization, infer_same_shape, flops_per_output, 7, 0, M::Full},
    {"HardSigmoid", C::Elementwise, infer_same_shape, flops_per_output, 3, 0, M::Full},
    {"HardSwish", C::Elementwise, infer_same_shape, flops_per_output, 4, 0, M::Full},
    {"Hardmax", C::Normalization, infer_same_shape, flops_per_output, 2, 0, M::Full},
    {"Identity", C::DataMovement, infer_same_shape, flops_zero, 0, 0, M::View},
    {"If", C::Other, infer_control_flow, flops_zero, 0, 0, M::View},
    {"InstanceNormalization", C::Normalization, infer_same_shape, flops_per_output, 7, 0, M::Full},
    {"IsInf", C::Elementwise, infer_same_shape_bool, flops_per_output, 1, 0, M::Full},
    {"IsNaN", C::Elementwise, infer_same_shape_bool, flops_per_output, 1, 0, M::Full},
    {"LRN", C::Normalization, infer_same_shape, flops_per_output, 5, 0, M::Full},
    {"LSTM", C::Other, infer_rnn, flops_rnn, 12, in4, M::Full},
    {"LayerNormalization", C::Normalization, infer_layer_norm, flops_per_output, 7, 0, M::Full},
    {"LeakyRelu", C::Elementwise, infer_same_shape, flops_per_output, 2, 0, M::Full},
    {"Less", C::Elementwise, infer_broadcast, flops_per_output, 1, 0, M::Full},
    {"LessOrEqual", C::Elementwise, infer_broadcast, flops_per_output, 1, 0, M::Full},
    {"Log", C::Elementwise, infer_same_shape, flops_per_output, 1, 0, M::Full},
    {"LogSoftmax", C::Normalization, infer_same_shape, flops_per_output, 5, 0, M::Full},
    {"Loop", C::Other, infer_control_flow, flops_zero, 0, 0, M::View},
    {"LpNormalization", C::Normalization, infer_same_shape, flops_per_output, 3, 0, M::Full},
    {"LpPool", C::Pooling, infer_pool, flops_pool, 1, 0, M::Full},
    {"MatMul", C::MatMul, infer_matmul, flops_matmul, 0, 0, M::Full},
    {"MatMulInteger", C::MatMul, infer_matmul, flops_matmul, 0, in2 | in3, M::Full},
    {"Max", C::Elementwise, infer_broadcast, flops_per_output, 1, 0, M::Full},
    {"MaxPool", C::Pooling, infer_pool, flops_pool, 0, 0, M::Full},
    {"Mean", C::Elementwise, infer_broadcast, flops_per_output, 1, 0, M::Full},
    {"MeanVarianceNormalization", C::Normalization, infer_same_shape, flops_per_output, 7, 0, M::Full},
    {"Min", C::Elementwise, infer_broadcast, flops_per_output, 1, 0, M::Full},
    {"Mish", C::Elementwise, infer_same_shape, flops_per_output, 5, 0, M::Full},
    {"Mod", C::Elementwise, infer_broadcast, flops_per_output, 1, 0, M::Full},
    {"Mul", C::Elementwise, infer_broadcast, flops_per_output, 1, 0, M::Full},
    {"Neg", C::Elementwise, infer_same_shape, flops_per_output, 1, 0, M::Full},
    {"NonMaxSuppression", C::Other, infer_data_dependent, flops_zero, 0, in2 | in3 | in4, M::Full},
    {"NonZero", C::DataMovement, infer_data_dependent, flops_zero, 0, 0, M::Full},
    {"Not", C::Elementwise, infer_same_shape, flops_per_output, 1, 0, M::Full},
    {"OneHot", C::DataMovement, infer_one_hot, flops_zero, 0, in1 | in2, M::Full},
    {"Or", C::Elementwise, infer_broadcast, flops_per_output, 1, 0, M::Full},
    {"PRelu", C::Elementwise, infer_broadcast, flops_per_output, 2, 0, M::Full},
    {"Pad", C::DataMovement, infer_pad, flops_zero, 0, in1 | in2 | in3, M::Full},
    {"Pow", C::Elementwise, infer_broadcast, flops_per_output, 1, 0, M::Full},
    {"QuantizeLinear", C::Elementwise, infer_quantize_linear, flops_per_output, 2, 0, M::Full},
    {"RNN", C::Other, infer_rnn, flops_rnn, 2, in4, M::Full},
    {"Range", C::DataMovement, infer_range, flops_zero, 0, 1u | in1 | in2, M::Full},
    {"Reciprocal", C::Elementwise, infer_same_shape, flops_per_output, 1, 0, M::Full},
    {"ReduceL1", C::Reduction, infer_reduce, flops_per_input, 2, in1, M::Full},
    {"ReduceL2", C::Reduction, infer_reduce, flops_per_input, 2, in1, M::Full},
    {"ReduceLogSum", C::Reduction, infer_reduce, flops_per_input, 1, in1, M::Full},
    {"ReduceLogSumExp", C::Reduction, infer_reduce, flops_per_input, 2, in1, M::Full},
    {"ReduceMax", C::Reduction, infer_reduce, flops_per_input, 1, in1, M::Full},
    {"ReduceMean", C::Reduction, infer_reduce, flops_per_input, 1, in1, M::Full},
    {"ReduceMin", C::Reduction, infer_reduce, flops_per_input, 1, in1, M::Full},
    {"ReduceProd", C::Reduction, infer_reduce, flops_per_input, 1, in1, M::Full},
    {"ReduceSum", C::Reduction, infer_reduce, flops_per_input, 1, in1, M::Full},
    {"ReduceSumSquare", C::Reduction, infer_reduce, flops_per_input, 2, in1, M::Full},
    {"Relu", C::Elementwise, infer_same_shape, flops_per_output, 1, 0, M::Full},
    {"Reshape", C::DataMovement, infer_reshape, flops_zero, 0, in1, M::View},
    {"Resize", C::DataMovement, infer_resize, flops_resize, 0, in1 | in2 | in3, M::Full},
    {"RoiAlign", C::Pooling, infer_roi_align, flops_per_output, 16, in2, M::Full},
    {"Round", C::Elementwise, infer_same_shape, flops_per_output, 1, 0, M::Full},
    {"Scan", C::Other, infer_control_flow, flops_zero, 0, 0, M::View},
    {"ScatterElements", C::DataMovement, infer_same_shape, flops_zero, 0, 0, M::Full},
    {"ScatterND", C::DataMovement, infer_same_shape, flops_zero, 0, 0, M::Full},
    {"Selu", C::Elementwise, infer_same_shape, flops_per_output, 3, 0, M::Full},
    {"Shape", C::DataMovement, infer_shape, flops_zero, 0, 1u, M::View},
    {"Shrink", C::Elementwise, infer_same_shape, flops_per_output, 2, 0, M::Full},
    {"Sigmoid", C::Elementwise, infer_same_shape, flops_per_output, 4, 0, M::Full},
    {"Sign", C::Elementwise, infer_same_shape, flops_per_output, 1, 0, M::Full},
    {"Sin", C::Elementwise, infer_same_shape, flops_per_output, 1, 0, M::Full},
    {"Sinh", C::Elementwise, infer_same_shape, flops_per_output, 1, 0, M::Full},
    {"Size", C::DataMovement, infer_size, flops_zero, 0, 1u, M::View},
    {"Slice", C::DataMovement, infer_slice, flops_zero, 0, in1 | in2 | in3 | in4, M::OutputSized},
    {"Softmax", C::Normalization, infer_same_shape, flops_per_output, 5, 0, M::Full},
    {"Softplus", C::Elementwise, infer_same_shape, flops_per_output, 3, 0, M::Full},
    {"Softsign", C::Elementwise, infer_same_shape, flops_per_output, 3, 0, M::Full},
    {"SpaceToDepth", C::DataMovement, infer_space_to_depth, flops_zero, 0, 0, M::Full},
    {"Split", C::DataMovement, infer_split, flops_zero, 0, in1, M::Full},
    {"Sqrt", C::Elementwise, infer_same_shape, flops_per_output, 1, 0, M::Full},
    {"Squeeze", C::DataMovement, infer_squeeze, flops_zero, 0, in1, M::View},
    {"Sub", C::Elementwise, infer_broadcast, flops_per_output, 1, 0, M::Full},
    {"Sum", C::Elementwise, infer_broadcast, flops_per_output, 1, 0, M::Full},
    {"Swish", C::Elementwise, infer_same_shape, flops_per_output, 5, 0, M::Full},  // x * sigmoid(x), opset 24
    {"Tan", C::Elementwise, infer_same_shape, flops_per_output, 1, 0, M::Full},
    {"Tanh", C::Elementwise, infer_same_shape, flops_per_output, 1, 0, M::Full},
    {"ThresholdedRelu", C::Elementwise, infer_same_shape, flops_per_output, 1, 0, M::Full},
    {"Tile", C::DataMovement, infer_tile, flops_zero, 0, in1, M::Full},
    {"TopK", C::Reduction, infer_topk, flops_per_input, 1, in1, M::Full},
    {"Transpose", C::DataMovement, infer_transpose, flops_zero, 0, 0, M::Full},
    {"Trilu", C::Elementwise, infer_same_shape, flops_per_output, 1, in1, M::Full},
    {"Unique", C::DataMovement, infer_data_dependent, flops_zero, 0, 0, M::Full},
    {"Unsqueeze", C::DataMovement, infer_unsqueeze, flops_zero, 0, in1, M::View},
    {"Upsample", C::DataMovement, infer_resize, flops_resize, 0, in1, M::Full},
    {"Where", C::Elementwise, infer_broadcast, flops_per_output, 1, 0, M::Full},
    {"Xor", C::Elementwise, infer_broadcast, flops_per_output, 1, 0, M::Full},
};

constexpr bool sorted_by_name() {
    for (size_t i = 1; i < std::size(kOps); ++i)
        if (!(kOps[i - 1].op < kOps[i].op)) return false;
    return true;
}
static_assert(sorted_by_name(), "kOps must stay sorted by operator name: find_op searches it by halves");

}  // namespace

std::string_view category_name(Category c) {
    switch (c) {
        case Category::Conv: return "conv";
        case Category::MatMul: return "matmul";
        case Category::Elementwise: return "elementwise";
        case Category::Normalization: return "normalization";
        case Category::Pooling: return "pooling";
        case Category::Reduction: return "reduction";
        case Category::DataMovement: return "data_movement";
        case Category::Attention: return "attention";
        case Category::Other: return "other";
    }
    return "other";
}

const OpRule* find_op(std::string_view domain, std::string_view op) {
    if (!domain.empty() && domain != "ai.onnx") return nullptr;
    const auto* end = std::end(kOps);
    const auto* it = std::lower_bound(std::begin(kOps), end, op, [](const OpRule& r, std::string_view name) { return r.op < name; });
    return it != end && it->op == op ? it : nullptr;
}

const OpRule* op_table_begin() { return std::begin(kOps); }
const OpRule* op_table_end() { return std::end(kOps); }

}  // namespace wattlayer
