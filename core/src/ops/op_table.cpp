// The operator registry: one row per (domain, operator, since_version), sorted by them (checked at
// compile time). A row names only what differs from the defaults of OpRule (op_table.hpp): no FLOP
// rule is no arithmetic, the energy class and host group follow the category unless set.
#include "ops/op_table.hpp"

#include <algorithm>
#include <iterator>
#include <tuple>

#include "cost/flops.hpp"
#include "shape/rules.hpp"

namespace wattlayer {
namespace {

using C = Category;
using M = Memory;
using E = EnergyClass;
using H = HostGroup;
constexpr uint32_t in0 = 1u << 0, in1 = 1u << 1, in2 = 1u << 2, in3 = 1u << 3, in4 = 1u << 4;

// Views in PyTorch (metadata only, whatever bytes the ONNX operator would move) are charged to
// the View class; Cast is a conversion kernel; the recurrent layers are matrix products.
constexpr OpRule kOps[] = {
    {.op = "Abs", .category = C::Elementwise, .infer = infer_same_shape, .flops = kFlopsPerOutput, .flops_per_element = 1},
    {.op = "Acos", .category = C::Elementwise, .infer = infer_same_shape, .flops = kFlopsPerOutput, .flops_per_element = 1},
    {.op = "Acosh", .category = C::Elementwise, .infer = infer_same_shape, .flops = kFlopsPerOutput, .flops_per_element = 1},
    {.op = "Add", .category = C::Elementwise, .infer = infer_broadcast, .flops = kFlopsPerOutput, .flops_per_element = 1},
    {.op = "And", .category = C::Elementwise, .infer = infer_broadcast, .flops = kFlopsPerOutput, .flops_per_element = 1},
    {.op = "ArgMax", .category = C::Reduction, .infer = infer_arg_reduce, .flops = kFlopsPerInput, .flops_per_element = 1},
    {.op = "ArgMin", .category = C::Reduction, .infer = infer_arg_reduce, .flops = kFlopsPerInput, .flops_per_element = 1},
    {.op = "Asin", .category = C::Elementwise, .infer = infer_same_shape, .flops = kFlopsPerOutput, .flops_per_element = 1},
    {.op = "Asinh", .category = C::Elementwise, .infer = infer_same_shape, .flops = kFlopsPerOutput, .flops_per_element = 1},
    {.op = "Atan", .category = C::Elementwise, .infer = infer_same_shape, .flops = kFlopsPerOutput, .flops_per_element = 1},
    {.op = "Atanh", .category = C::Elementwise, .infer = infer_same_shape, .flops = kFlopsPerOutput, .flops_per_element = 1},
    {.op = "Attention", .category = C::Attention, .infer = infer_attention, .flops = kFlopsAttention, .flops_per_element = 5},
    {.op = "AveragePool", .category = C::Pooling, .infer = infer_pool, .flops = kFlopsPool, .flops_per_element = 1},
    {.op = "BatchNormalization", .category = C::Normalization, .infer = infer_batch_norm, .flops = kFlopsPerOutput, .flops_per_element = 2, .host = H::BatchNorm},
    {.op = "BitShift", .category = C::Elementwise, .infer = infer_broadcast, .flops = kFlopsPerOutput, .flops_per_element = 1},
    {.op = "BitwiseAnd", .category = C::Elementwise, .infer = infer_broadcast, .flops = kFlopsPerOutput, .flops_per_element = 1},
    {.op = "BitwiseNot", .category = C::Elementwise, .infer = infer_same_shape, .flops = kFlopsPerOutput, .flops_per_element = 1},
    {.op = "BitwiseOr", .category = C::Elementwise, .infer = infer_broadcast, .flops = kFlopsPerOutput, .flops_per_element = 1},
    {.op = "BitwiseXor", .category = C::Elementwise, .infer = infer_broadcast, .flops = kFlopsPerOutput, .flops_per_element = 1},
    {.op = "Cast", .category = C::DataMovement, .infer = infer_cast, .energy = E::Elementwise, .host = H::Elementwise},
    {.op = "CastLike", .category = C::DataMovement, .infer = infer_cast_like, .shape_inputs = in1},
    {.op = "Ceil", .category = C::Elementwise, .infer = infer_same_shape, .flops = kFlopsPerOutput, .flops_per_element = 1},
    {.op = "Celu", .category = C::Elementwise, .infer = infer_same_shape, .flops = kFlopsPerOutput, .flops_per_element = 3},
    {.op = "Clip", .category = C::Elementwise, .infer = infer_clip, .flops = kFlopsPerOutput, .flops_per_element = 1, .shape_inputs = in1 | in2},
    {.op = "Col2Im", .category = C::DataMovement, .infer = infer_col2im, .flops = kFlopsPerInput, .flops_per_element = 1, .shape_inputs = in1 | in2},
    {.op = "Compress", .category = C::DataMovement, .infer = infer_data_dependent, .shape_inputs = in1},
    {.op = "Concat", .category = C::DataMovement, .infer = infer_concat},
    {.op = "Constant", .category = C::Other, .infer = infer_constant, .memory = M::View},
    {.op = "ConstantOfShape", .category = C::DataMovement, .infer = infer_constant_of_shape, .shape_inputs = in0},
    {.op = "Conv", .category = C::Conv, .infer = infer_conv, .flops = kFlopsConv},
    {.op = "ConvTranspose", .category = C::Conv, .infer = infer_conv_transpose, .flops = kFlopsConvTranspose},
    {.op = "Cos", .category = C::Elementwise, .infer = infer_same_shape, .flops = kFlopsPerOutput, .flops_per_element = 1},
    {.op = "Cosh", .category = C::Elementwise, .infer = infer_same_shape, .flops = kFlopsPerOutput, .flops_per_element = 1},
    {.op = "CumSum", .category = C::Elementwise, .infer = infer_same_shape, .flops = kFlopsPerOutput, .flops_per_element = 1, .shape_inputs = in1},
    {.op = "DepthToSpace", .category = C::DataMovement, .infer = infer_depth_to_space},
    {.op = "DequantizeLinear", .category = C::Elementwise, .infer = infer_dequantize_linear, .flops = kFlopsPerOutput, .flops_per_element = 2},
    {.op = "Div", .category = C::Elementwise, .infer = infer_broadcast, .flops = kFlopsPerOutput, .flops_per_element = 1},
    {.op = "Dropout", .category = C::DataMovement, .infer = infer_dropout, .shape_inputs = in1 | in2, .memory = M::View, .energy = E::View, .host = H::View},
    // min and max of x, then scale, round, saturate: about 4 operations per element
    {.op = "DynamicQuantizeLinear", .category = C::Elementwise, .infer = infer_dynamic_quantize_linear, .flops = kFlopsPerOutput, .flops_per_element = 4},
    {.op = "Einsum", .category = C::MatMul, .infer = infer_einsum, .flops = kFlopsEinsum},
    {.op = "Elu", .category = C::Elementwise, .infer = infer_same_shape, .flops = kFlopsPerOutput, .flops_per_element = 3},
    {.op = "Equal", .category = C::Elementwise, .infer = infer_broadcast, .flops = kFlopsPerOutput, .flops_per_element = 1},
    {.op = "Erf", .category = C::Elementwise, .infer = infer_same_shape, .flops = kFlopsPerOutput, .flops_per_element = 1},
    {.op = "Exp", .category = C::Elementwise, .infer = infer_same_shape, .flops = kFlopsPerOutput, .flops_per_element = 1},
    {.op = "Expand", .category = C::DataMovement, .infer = infer_expand, .shape_inputs = in1, .energy = E::View, .host = H::View},
    {.op = "Flatten", .category = C::DataMovement, .infer = infer_flatten, .memory = M::View, .energy = E::View, .host = H::View},
    {.op = "Floor", .category = C::Elementwise, .infer = infer_same_shape, .flops = kFlopsPerOutput, .flops_per_element = 1},
    {.op = "GRU", .category = C::Other, .infer = infer_rnn, .flops = kFlopsRnn, .flops_per_element = 10, .shape_inputs = in4, .energy = E::MatMul, .host = H::MatMul},
    {.op = "Gather", .category = C::DataMovement, .infer = infer_gather, .memory = M::OutputSized},
    {.op = "GatherElements", .category = C::DataMovement, .infer = infer_gather_elements, .memory = M::OutputSized},
    {.op = "GatherND", .category = C::DataMovement, .infer = infer_gather_nd, .memory = M::OutputSized},
    {.op = "Gelu", .category = C::Elementwise, .infer = infer_same_shape, .flops = kFlopsPerOutput, .flops_per_element = 8},
    {.op = "Gemm", .category = C::MatMul, .infer = infer_gemm, .flops = kFlopsGemm},
    {.op = "GlobalAveragePool", .category = C::Pooling, .infer = infer_global_pool, .flops = kFlopsPerInput, .flops_per_element = 1},
    {.op = "GlobalLpPool", .category = C::Pooling, .infer = infer_global_pool, .flops = kFlopsPerInput, .flops_per_element = 2},
    {.op = "GlobalMaxPool", .category = C::Pooling, .infer = infer_global_pool, .flops = kFlopsPerInput, .flops_per_element = 1},
    {.op = "Greater", .category = C::Elementwise, .infer = infer_broadcast, .flops = kFlopsPerOutput, .flops_per_element = 1},
    {.op = "GreaterOrEqual", .category = C::Elementwise, .infer = infer_broadcast, .flops = kFlopsPerOutput, .flops_per_element = 1},
    {.op = "GroupNormalization", .category = C::Normalization, .infer = infer_same_shape, .flops = kFlopsPerOutput, .flops_per_element = 7},
    {.op = "HardSigmoid", .category = C::Elementwise, .infer = infer_same_shape, .flops = kFlopsPerOutput, .flops_per_element = 3},
    {.op = "HardSwish", .category = C::Elementwise, .infer = infer_same_shape, .flops = kFlopsPerOutput, .flops_per_element = 4},
    {.op = "Hardmax", .category = C::Normalization, .infer = infer_same_shape, .flops = kFlopsPerOutput, .flops_per_element = 2},
    {.op = "Identity", .category = C::DataMovement, .infer = infer_same_shape, .memory = M::View, .energy = E::View, .host = H::View},
    {.op = "If", .category = C::Other, .infer = infer_control_flow, .memory = M::View},
    {.op = "InstanceNormalization", .category = C::Normalization, .infer = infer_same_shape, .flops = kFlopsPerOutput, .flops_per_element = 7},
    {.op = "IsInf", .category = C::Elementwise, .infer = infer_same_shape_bool, .flops = kFlopsPerOutput, .flops_per_element = 1},
    {.op = "IsNaN", .category = C::Elementwise, .infer = infer_same_shape_bool, .flops = kFlopsPerOutput, .flops_per_element = 1},
    {.op = "LRN", .category = C::Normalization, .infer = infer_same_shape, .flops = kFlopsPerOutput, .flops_per_element = 5},
    {.op = "LSTM", .category = C::Other, .infer = infer_rnn, .flops = kFlopsRnn, .flops_per_element = 12, .shape_inputs = in4, .energy = E::MatMul, .host = H::MatMul},
    {.op = "LayerNormalization", .category = C::Normalization, .infer = infer_layer_norm, .flops = kFlopsPerOutput, .flops_per_element = 7},
    {.op = "LeakyRelu", .category = C::Elementwise, .infer = infer_same_shape, .flops = kFlopsPerOutput, .flops_per_element = 2},
    {.op = "Less", .category = C::Elementwise, .infer = infer_broadcast, .flops = kFlopsPerOutput, .flops_per_element = 1},
    {.op = "LessOrEqual", .category = C::Elementwise, .infer = infer_broadcast, .flops = kFlopsPerOutput, .flops_per_element = 1},
    {.op = "Log", .category = C::Elementwise, .infer = infer_same_shape, .flops = kFlopsPerOutput, .flops_per_element = 1},
    {.op = "LogSoftmax", .category = C::Normalization, .infer = infer_same_shape, .flops = kFlopsPerOutput, .flops_per_element = 5, .host = H::Softmax},
    {.op = "Loop", .category = C::Other, .infer = infer_control_flow, .memory = M::View},
    {.op = "LpNormalization", .category = C::Normalization, .infer = infer_same_shape, .flops = kFlopsPerOutput, .flops_per_element = 3},
    {.op = "LpPool", .category = C::Pooling, .infer = infer_pool, .flops = kFlopsPool, .flops_per_element = 1},
    {.op = "MatMul", .category = C::MatMul, .infer = infer_matmul, .flops = kFlopsMatMul},
    {.op = "MatMulInteger", .category = C::MatMul, .infer = infer_matmul, .flops = kFlopsMatMul, .shape_inputs = in2 | in3},
    {.op = "Max", .category = C::Elementwise, .infer = infer_broadcast, .flops = kFlopsPerOutput, .flops_per_element = 1},
    {.op = "MaxPool", .category = C::Pooling, .infer = infer_pool, .flops = kFlopsPool},
    {.op = "Mean", .category = C::Elementwise, .infer = infer_broadcast, .flops = kFlopsPerOutput, .flops_per_element = 1},
    {.op = "MeanVarianceNormalization", .category = C::Normalization, .infer = infer_same_shape, .flops = kFlopsPerOutput, .flops_per_element = 7},
    {.op = "Min", .category = C::Elementwise, .infer = infer_broadcast, .flops = kFlopsPerOutput, .flops_per_element = 1},
    {.op = "Mish", .category = C::Elementwise, .infer = infer_same_shape, .flops = kFlopsPerOutput, .flops_per_element = 5},
    {.op = "Mod", .category = C::Elementwise, .infer = infer_broadcast, .flops = kFlopsPerOutput, .flops_per_element = 1},
    {.op = "Mul", .category = C::Elementwise, .infer = infer_broadcast, .flops = kFlopsPerOutput, .flops_per_element = 1},
    {.op = "Neg", .category = C::Elementwise, .infer = infer_same_shape, .flops = kFlopsPerOutput, .flops_per_element = 1},
    {.op = "NonMaxSuppression", .category = C::Other, .infer = infer_data_dependent, .shape_inputs = in2 | in3 | in4},
    {.op = "NonZero", .category = C::DataMovement, .infer = infer_data_dependent},
    {.op = "Not", .category = C::Elementwise, .infer = infer_same_shape, .flops = kFlopsPerOutput, .flops_per_element = 1},
    {.op = "OneHot", .category = C::DataMovement, .infer = infer_one_hot, .shape_inputs = in1 | in2},
    {.op = "Or", .category = C::Elementwise, .infer = infer_broadcast, .flops = kFlopsPerOutput, .flops_per_element = 1},
    {.op = "PRelu", .category = C::Elementwise, .infer = infer_broadcast, .flops = kFlopsPerOutput, .flops_per_element = 2},
    {.op = "Pad", .category = C::DataMovement, .infer = infer_pad, .shape_inputs = in1 | in2 | in3},
    {.op = "Pow", .category = C::Elementwise, .infer = infer_broadcast, .flops = kFlopsPerOutput, .flops_per_element = 1},
    {.op = "QuantizeLinear", .category = C::Elementwise, .infer = infer_quantize_linear, .flops = kFlopsPerOutput, .flops_per_element = 2},
    {.op = "RNN", .category = C::Other, .infer = infer_rnn, .flops = kFlopsRnn, .flops_per_element = 2, .shape_inputs = in4, .energy = E::MatMul, .host = H::MatMul},
    {.op = "Range", .category = C::DataMovement, .infer = infer_range, .shape_inputs = in0 | in1 | in2},
    {.op = "Reciprocal", .category = C::Elementwise, .infer = infer_same_shape, .flops = kFlopsPerOutput, .flops_per_element = 1},
    {.op = "ReduceL1", .category = C::Reduction, .infer = infer_reduce, .flops = kFlopsPerInput, .flops_per_element = 2, .shape_inputs = in1},
    {.op = "ReduceL2", .category = C::Reduction, .infer = infer_reduce, .flops = kFlopsPerInput, .flops_per_element = 2, .shape_inputs = in1},
    {.op = "ReduceLogSum", .category = C::Reduction, .infer = infer_reduce, .flops = kFlopsPerInput, .flops_per_element = 1, .shape_inputs = in1},
    {.op = "ReduceLogSumExp", .category = C::Reduction, .infer = infer_reduce, .flops = kFlopsPerInput, .flops_per_element = 2, .shape_inputs = in1},
    {.op = "ReduceMax", .category = C::Reduction, .infer = infer_reduce, .flops = kFlopsPerInput, .flops_per_element = 1, .shape_inputs = in1},
    {.op = "ReduceMean", .category = C::Reduction, .infer = infer_reduce, .flops = kFlopsPerInput, .flops_per_element = 1, .shape_inputs = in1},
    {.op = "ReduceMin", .category = C::Reduction, .infer = infer_reduce, .flops = kFlopsPerInput, .flops_per_element = 1, .shape_inputs = in1},
    {.op = "ReduceProd", .category = C::Reduction, .infer = infer_reduce, .flops = kFlopsPerInput, .flops_per_element = 1, .shape_inputs = in1},
    {.op = "ReduceSum", .category = C::Reduction, .infer = infer_reduce, .flops = kFlopsPerInput, .flops_per_element = 1, .shape_inputs = in1},
    {.op = "ReduceSumSquare", .category = C::Reduction, .infer = infer_reduce, .flops = kFlopsPerInput, .flops_per_element = 2, .shape_inputs = in1},
    {.op = "Relu", .category = C::Elementwise, .infer = infer_same_shape, .flops = kFlopsPerOutput, .flops_per_element = 1},
    {.op = "Reshape", .category = C::DataMovement, .infer = infer_reshape, .shape_inputs = in1, .memory = M::View, .energy = E::View, .host = H::View},
    {.op = "Resize", .since_version = 10, .category = C::DataMovement, .infer = infer_resize_scales_input, .flops = kFlopsResize, .shape_inputs = in1},
    {.op = "Resize", .since_version = 11, .category = C::DataMovement, .infer = infer_resize, .flops = kFlopsResize, .shape_inputs = in1 | in2 | in3},
    {.op = "RoiAlign", .category = C::Pooling, .infer = infer_roi_align, .flops = kFlopsPerOutput, .flops_per_element = 16, .shape_inputs = in2},
    {.op = "Round", .category = C::Elementwise, .infer = infer_same_shape, .flops = kFlopsPerOutput, .flops_per_element = 1},
    {.op = "Scan", .category = C::Other, .infer = infer_control_flow, .memory = M::View},
    {.op = "ScatterElements", .category = C::DataMovement, .infer = infer_same_shape},
    {.op = "ScatterND", .category = C::DataMovement, .infer = infer_same_shape},
    {.op = "Selu", .category = C::Elementwise, .infer = infer_same_shape, .flops = kFlopsPerOutput, .flops_per_element = 3},
    {.op = "Shape", .category = C::DataMovement, .infer = infer_shape, .shape_inputs = in0, .memory = M::View, .energy = E::View, .host = H::View},
    {.op = "Shrink", .category = C::Elementwise, .infer = infer_same_shape, .flops = kFlopsPerOutput, .flops_per_element = 2},
    {.op = "Sigmoid", .category = C::Elementwise, .infer = infer_same_shape, .flops = kFlopsPerOutput, .flops_per_element = 4},
    {.op = "Sign", .category = C::Elementwise, .infer = infer_same_shape, .flops = kFlopsPerOutput, .flops_per_element = 1},
    {.op = "Sin", .category = C::Elementwise, .infer = infer_same_shape, .flops = kFlopsPerOutput, .flops_per_element = 1},
    {.op = "Sinh", .category = C::Elementwise, .infer = infer_same_shape, .flops = kFlopsPerOutput, .flops_per_element = 1},
    {.op = "Size", .category = C::DataMovement, .infer = infer_size, .shape_inputs = in0, .memory = M::View, .energy = E::View, .host = H::View},
    {.op = "Slice", .category = C::DataMovement, .infer = infer_slice_attributes, .memory = M::OutputSized, .energy = E::View, .host = H::View},
    {.op = "Slice", .since_version = 10, .category = C::DataMovement, .infer = infer_slice, .shape_inputs = in1 | in2 | in3 | in4, .memory = M::OutputSized, .energy = E::View, .host = H::View},
    {.op = "Softmax", .category = C::Normalization, .infer = infer_same_shape, .flops = kFlopsPerOutput, .flops_per_element = 5, .host = H::Softmax},
    {.op = "Softplus", .category = C::Elementwise, .infer = infer_same_shape, .flops = kFlopsPerOutput, .flops_per_element = 3},
    {.op = "Softsign", .category = C::Elementwise, .infer = infer_same_shape, .flops = kFlopsPerOutput, .flops_per_element = 3},
    {.op = "SpaceToDepth", .category = C::DataMovement, .infer = infer_space_to_depth},
    {.op = "Split", .category = C::DataMovement, .infer = infer_split, .shape_inputs = in1, .energy = E::View, .host = H::View},
    {.op = "Sqrt", .category = C::Elementwise, .infer = infer_same_shape, .flops = kFlopsPerOutput, .flops_per_element = 1},
    {.op = "Squeeze", .category = C::DataMovement, .infer = infer_squeeze, .shape_inputs = in1, .memory = M::View, .energy = E::View, .host = H::View},
    {.op = "Sub", .category = C::Elementwise, .infer = infer_broadcast, .flops = kFlopsPerOutput, .flops_per_element = 1},
    {.op = "Sum", .category = C::Elementwise, .infer = infer_broadcast, .flops = kFlopsPerOutput, .flops_per_element = 1},
    {.op = "Swish", .category = C::Elementwise, .infer = infer_same_shape, .flops = kFlopsPerOutput, .flops_per_element = 5},
    {.op = "Tan", .category = C::Elementwise, .infer = infer_same_shape, .flops = kFlopsPerOutput, .flops_per_element = 1},
    {.op = "Tanh", .category = C::Elementwise, .infer = infer_same_shape, .flops = kFlopsPerOutput, .flops_per_element = 1},
    {.op = "ThresholdedRelu", .category = C::Elementwise, .infer = infer_same_shape, .flops = kFlopsPerOutput, .flops_per_element = 1},
    {.op = "Tile", .category = C::DataMovement, .infer = infer_tile, .shape_inputs = in1},
    {.op = "TopK", .category = C::Reduction, .infer = infer_topk_attribute, .flops = kFlopsPerInput, .flops_per_element = 1},
    {.op = "TopK", .since_version = 10, .category = C::Reduction, .infer = infer_topk, .flops = kFlopsPerInput, .flops_per_element = 1, .shape_inputs = in1},
    {.op = "Transpose", .category = C::DataMovement, .infer = infer_transpose},
    {.op = "Trilu", .category = C::Elementwise, .infer = infer_same_shape, .flops = kFlopsPerOutput, .flops_per_element = 1, .shape_inputs = in1},
    {.op = "Unique", .category = C::DataMovement, .infer = infer_data_dependent},
    {.op = "Unsqueeze", .category = C::DataMovement, .infer = infer_unsqueeze, .shape_inputs = in1, .memory = M::View, .energy = E::View, .host = H::View},
    {.op = "Upsample", .category = C::DataMovement, .infer = infer_resize_scales_input, .flops = kFlopsResize, .shape_inputs = in1},
    {.op = "Where", .category = C::Elementwise, .infer = infer_broadcast, .flops = kFlopsPerOutput, .flops_per_element = 1},
    {.op = "Xor", .category = C::Elementwise, .infer = infer_broadcast, .flops = kFlopsPerOutput, .flops_per_element = 1},
};

constexpr auto key(const OpRule& r) { return std::make_tuple(r.domain, r.op, r.since_version); }

constexpr bool sorted_by_key() {
    for (size_t i = 1; i < std::size(kOps); ++i)
        if (!(key(kOps[i - 1]) < key(kOps[i]))) return false;
    return true;
}
static_assert(sorted_by_key(), "kOps must stay sorted by (domain, operator, since_version): find_op searches it by halves");

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

std::string_view memory_name(Memory m) {
    switch (m) {
        case Memory::Full: return "full";
        case Memory::View: return "view";
        case Memory::OutputSized: return "output-sized";
    }
    return "full";
}

const OpRule* find_op(std::string_view domain, std::string_view op, int64_t opset) {
    if (domain == "ai.onnx") domain = "";
    const auto* end = std::end(kOps);
    const auto* first = std::lower_bound(std::begin(kOps), end, std::make_tuple(domain, op),
                                         [](const OpRule& r, const auto& k) { return std::make_tuple(r.domain, r.op) < k; });
    if (first == end || first->domain != domain || first->op != op) return nullptr;
    const OpRule* found = first;
    for (const auto* it = first + 1; it != end && it->domain == domain && it->op == op && it->since_version <= opset; ++it) found = it;
    return found;
}

int64_t rules_opset(const Model& model) {
    // A file without an ai.onnx import is read with current rules.
    return model.default_opset() > 0 ? model.default_opset() : kLatestOpset;
}

EnergyClass energy_class(const OpRule& rule) {
    if (rule.energy) return *rule.energy;
    switch (rule.category) {
        case Category::Conv: return EnergyClass::Conv;
        case Category::MatMul: return EnergyClass::MatMul;
        case Category::Attention: return EnergyClass::Attention;
        case Category::Normalization: return EnergyClass::Normalization;
        case Category::Elementwise: return EnergyClass::Elementwise;
        case Category::Pooling: return EnergyClass::Pooling;
        case Category::Reduction: return EnergyClass::Reduction;
        case Category::DataMovement: return EnergyClass::Copy;
        case Category::Other: return EnergyClass::View;
    }
    return EnergyClass::View;
}

HostGroup host_group(const OpRule& rule) {
    if (rule.host) return *rule.host;
    switch (rule.category) {
        case Category::Conv: return HostGroup::Conv;
        case Category::MatMul: case Category::Attention: return HostGroup::MatMul;
        case Category::Normalization: return HostGroup::LayerNorm;
        case Category::Elementwise: return HostGroup::Elementwise;
        case Category::Pooling: return HostGroup::Pooling;
        case Category::Reduction: return HostGroup::Reduction;
        case Category::DataMovement: return HostGroup::Copy;
        case Category::Other: return HostGroup::View;
    }
    return HostGroup::View;
}

Span<const OpRule> op_table() { return {kOps, std::size(kOps)}; }

}  // namespace wattlayer
