// The operator registry: one row per (domain, operator, since_version), sorted by them (checked at
// compile time). A row names only what differs from the defaults of OpRule (op_table.hpp): no FLOP
// rule is no arithmetic, the energy class and host group follow the category unless set.
#include "ops/op_table.hpp"

#include <algorithm>
#include <iterator>
#include <tuple>
#include <vector>

#include "flops/flops.hpp"
#include "shape/rules.hpp"

namespace wattlayer {
namespace {

using C = Category;
using M = Memory;
using E = EnergyClass;
using H = HostGroup;

using F = TorchForm;

// The PyTorch functions of each operator. A host group set here is where the fit puts that
// function's measured calls; None keeps calls that the measured H100 profile was fitted without
// (giving them a group would change the shipped profiles: a measured change for later).
constexpr TorchCall kTorchAbs[] = {{"abs", F::Unary}};
constexpr TorchCall kTorchAdd[] = {{"__add__", F::Binary}, {"__radd__", F::Binary}, {"add", F::Binary}, {"add_", F::Binary}};
constexpr TorchCall kTorchAnd[] = {{"__and__", F::Binary}};
constexpr TorchCall kTorchArgMax[] = {{"argmax", F::Reduce}};
constexpr TorchCall kTorchArgMin[] = {{"argmin", F::Reduce}};
constexpr TorchCall kTorchAttention[] = {{"multi_head_attention_forward", F::MultiHeadAttention},
    {"scaled_dot_product_attention", F::Sdpa, H::None}};
constexpr TorchCall kTorchAveragePool[] = {{"adaptive_avg_pool1d", F::AdaptiveAvgPool},
    {"adaptive_avg_pool2d", F::AdaptiveAvgPool}, {"avg_pool1d", F::Unsupported}, {"avg_pool2d", F::AvgPool}};
constexpr TorchCall kTorchBatchNormalization[] = {{"batch_norm", F::BatchNorm}};
constexpr TorchCall kTorchCast[] = {{"bool", F::Cast}, {"float", F::Cast}, {"half", F::Cast}, {"int", F::Cast},
    {"long", F::Cast}, {"to", F::Cast, H::None}, {"type_as", F::Cast}};
constexpr TorchCall kTorchCeil[] = {{"ceil", F::Unary}};
constexpr TorchCall kTorchClip[] = {{"clamp", F::Clip}, {"clamp_", F::Clip}, {"clip", F::Clip}, {"hardtanh", F::Clip},
    {"relu6", F::Clip}};
constexpr TorchCall kTorchConcat[] = {{"cat", F::Concat}, {"concat", F::Concat}, {"stack", F::Concat}};
constexpr TorchCall kTorchConstantOfShape[] = {{"arange", F::Create, H::None}, {"empty", F::Create}, {"full", F::Create},
    {"full_like", F::Create, H::Elementwise}, {"new_ones", F::Create}, {"new_zeros", F::Create, H::None}, {"ones", F::Create},
    {"ones_like", F::Create, H::Elementwise}, {"tensor", F::Create, H::None}, {"zeros", F::Create, H::None},
    {"zeros_like", F::Create, H::Elementwise}};
constexpr TorchCall kTorchConv[] = {{"conv1d", F::Conv}, {"conv2d", F::Conv}, {"conv3d", F::Conv}};
constexpr TorchCall kTorchConvTranspose[] = {{"conv_transpose1d", F::ConvTranspose}, {"conv_transpose2d", F::ConvTranspose}};
constexpr TorchCall kTorchCos[] = {{"cos", F::Unary}};
constexpr TorchCall kTorchCumSum[] = {{"cumsum", F::Unary}};
constexpr TorchCall kTorchDiv[] = {{"__rtruediv__", F::Binary}, {"__truediv__", F::Binary}, {"div", F::Binary},
    {"div_", F::Binary}, {"floor_divide", F::Binary}};
constexpr TorchCall kTorchEinsum[] = {{"einsum", F::Einsum}};
constexpr TorchCall kTorchElu[] = {{"elu", F::Unary}};
constexpr TorchCall kTorchEqual[] = {{"__eq__", F::Binary}, {"__ne__", F::Binary}, {"eq", F::Binary}, {"ne", F::Binary}};
constexpr TorchCall kTorchErf[] = {{"erf", F::Unary}};
constexpr TorchCall kTorchExp[] = {{"exp", F::Unary}};
constexpr TorchCall kTorchExpand[] = {{"clone", F::Copy, H::Copy}, {"repeat", F::Copy, H::Copy}, {"roll", F::Copy, H::Copy}};
constexpr TorchCall kTorchFloor[] = {{"floor", F::Unary}};
constexpr TorchCall kTorchGather[] = {{"embedding", F::Embedding}, {"index_select", F::Embedding}};
constexpr TorchCall kTorchGatherElements[] = {{"gather", F::GatherElements}};
constexpr TorchCall kTorchGelu[] = {{"gelu", F::Unary}};
constexpr TorchCall kTorchGemm[] = {{"addmm", F::Addmm}};
constexpr TorchCall kTorchGreater[] = {{"__gt__", F::Binary}, {"gt", F::Binary}};
constexpr TorchCall kTorchGreaterOrEqual[] = {{"__ge__", F::Binary}, {"ge", F::Binary}};
constexpr TorchCall kTorchGroupNormalization[] = {{"group_norm", F::GroupNorm}};
constexpr TorchCall kTorchHardSigmoid[] = {{"hardsigmoid", F::Unary}};
constexpr TorchCall kTorchHardSwish[] = {{"hardswish", F::Unary}};
constexpr TorchCall kTorchInstanceNormalization[] = {{"instance_norm", F::Unsupported}};
constexpr TorchCall kTorchLayerNormalization[] = {{"layer_norm", F::LayerNorm}};
constexpr TorchCall kTorchLeakyRelu[] = {{"leaky_relu", F::Unary}};
constexpr TorchCall kTorchLess[] = {{"__lt__", F::Binary}, {"lt", F::Binary}};
constexpr TorchCall kTorchLessOrEqual[] = {{"__le__", F::Binary}, {"le", F::Binary}};
constexpr TorchCall kTorchLog[] = {{"log", F::Unary}};
constexpr TorchCall kTorchLogSoftmax[] = {{"log_softmax", F::Softmax}};
constexpr TorchCall kTorchMatMul[] = {{"__matmul__", F::MatMul}, {"baddbmm", F::MatMul}, {"bmm", F::MatMul},
    {"linear", F::Linear}, {"matmul", F::MatMul}, {"mm", F::MatMul}};
constexpr TorchCall kTorchMax[] = {{"max", F::Binary}, {"maximum", F::Binary}};
constexpr TorchCall kTorchMaxPool[] = {{"adaptive_max_pool2d", F::Unsupported}, {"max_pool1d", F::Unsupported},
    {"max_pool2d", F::MaxPool}};
constexpr TorchCall kTorchMin[] = {{"min", F::Binary}, {"minimum", F::Binary}};
constexpr TorchCall kTorchMish[] = {{"mish", F::Unary}};
constexpr TorchCall kTorchMul[] = {{"__mul__", F::Binary}, {"__rmul__", F::Binary}, {"mul", F::Binary}, {"mul_", F::Binary}};
constexpr TorchCall kTorchNeg[] = {{"neg", F::Unary}};
constexpr TorchCall kTorchNot[] = {{"logical_not", F::Unary}};
constexpr TorchCall kTorchOr[] = {{"__or__", F::Binary}};
constexpr TorchCall kTorchPad[] = {{"pad", F::Pad}};
constexpr TorchCall kTorchPow[] = {{"pow", F::Binary}};
constexpr TorchCall kTorchReciprocal[] = {{"reciprocal", F::Unary}};
constexpr TorchCall kTorchReduceL2[] = {{"norm", F::Unsupported}};
constexpr TorchCall kTorchReduceMax[] = {{"amax", F::Reduce}, {"any", F::Reduce}};
constexpr TorchCall kTorchReduceMean[] = {{"mean", F::Reduce}};
constexpr TorchCall kTorchReduceMin[] = {{"all", F::Reduce}, {"amin", F::Reduce}};
constexpr TorchCall kTorchReduceProd[] = {{"prod", F::Unsupported}};
constexpr TorchCall kTorchReduceSum[] = {{"sum", F::Reduce}};
constexpr TorchCall kTorchRelu[] = {{"relu", F::Unary}, {"relu_", F::Unary}};
constexpr TorchCall kTorchReshape[] = {{"__getitem__", F::View, H::None}, {"chunk", F::View}, {"contiguous", F::View, H::Copy},
    {"detach", F::View}, {"dropout", F::View, H::None}, {"expand", F::View, H::None}, {"expand_as", F::View},
    {"flatten", F::View}, {"narrow", F::View}, {"permute", F::View}, {"reshape", F::View}, {"select", F::View},
    {"split", F::View, H::None}, {"squeeze", F::View}, {"t", F::View}, {"transpose", F::View}, {"unbind", F::View, H::None},
    {"unflatten", F::View}, {"unsqueeze", F::View}, {"view", F::View}, {"view_as", F::View}};
constexpr TorchCall kTorchResize[] = {{"interpolate", F::Interpolate}, {"upsample", F::Interpolate}};
constexpr TorchCall kTorchRound[] = {{"round", F::Unary}};
constexpr TorchCall kTorchSigmoid[] = {{"sigmoid", F::Unary}};
constexpr TorchCall kTorchSign[] = {{"sign", F::Unary}};
constexpr TorchCall kTorchSin[] = {{"sin", F::Unary}};
constexpr TorchCall kTorchSoftmax[] = {{"softmax", F::Softmax}};
constexpr TorchCall kTorchSoftplus[] = {{"softplus", F::Unary}};
constexpr TorchCall kTorchSqrt[] = {{"rsqrt", F::Unary}, {"sqrt", F::Unary}};
constexpr TorchCall kTorchSub[] = {{"__rsub__", F::Binary}, {"__sub__", F::Binary}, {"rsub", F::Binary}, {"sub", F::Binary},
    {"sub_", F::Binary}};
constexpr TorchCall kTorchSwish[] = {{"silu", F::Unary}};
constexpr TorchCall kTorchTanh[] = {{"tanh", F::Unary}};
constexpr TorchCall kTorchWhere[] = {{"masked_fill", F::MaskedFill}, {"masked_fill_", F::MaskedFill}, {"where", F::Where}};

// Views in PyTorch (metadata only, whatever bytes the ONNX operator would move) are charged to
// the View class; Cast is a conversion kernel; the recurrent layers are matrix products.
constexpr OpRule kOps[] = {
    {.op = "Abs", .category = C::Elementwise, .infer = infer_same_shape, .flops = kFlopsPerOutput, .flops_per_element = 1, .torch = kTorchAbs},
    {.op = "Acos", .category = C::Elementwise, .infer = infer_same_shape, .flops = kFlopsPerOutput, .flops_per_element = 1},
    {.op = "Acosh", .category = C::Elementwise, .infer = infer_same_shape, .flops = kFlopsPerOutput, .flops_per_element = 1},
    {.op = "Add", .category = C::Elementwise, .infer = infer_broadcast, .flops = kFlopsPerOutput, .flops_per_element = 1, .torch = kTorchAdd},
    {.op = "AffineGrid", .category = C::DataMovement, .infer = infer_affine_grid, .flops = kFlopsPerOutput, .flops_per_element = 3, .shape_inputs = bits(AffineGridIn::size)},
    {.op = "And", .category = C::Elementwise, .infer = infer_broadcast, .flops = kFlopsPerOutput, .flops_per_element = 1, .torch = kTorchAnd},
    {.op = "ArgMax", .category = C::Reduction, .infer = infer_arg_reduce, .flops = kFlopsPerInput, .flops_per_element = 1, .torch = kTorchArgMax},
    {.op = "ArgMin", .category = C::Reduction, .infer = infer_arg_reduce, .flops = kFlopsPerInput, .flops_per_element = 1, .torch = kTorchArgMin},
    {.op = "Asin", .category = C::Elementwise, .infer = infer_same_shape, .flops = kFlopsPerOutput, .flops_per_element = 1},
    {.op = "Asinh", .category = C::Elementwise, .infer = infer_same_shape, .flops = kFlopsPerOutput, .flops_per_element = 1},
    {.op = "Atan", .category = C::Elementwise, .infer = infer_same_shape, .flops = kFlopsPerOutput, .flops_per_element = 1},
    {.op = "Atanh", .category = C::Elementwise, .infer = infer_same_shape, .flops = kFlopsPerOutput, .flops_per_element = 1},
    {.op = "Attention", .category = C::Attention, .infer = infer_attention, .flops = kFlopsAttention, .flops_per_element = 5, .torch = kTorchAttention},
    {.op = "AveragePool", .category = C::Pooling, .infer = infer_pool, .flops = kFlopsPool, .flops_per_element = 1, .torch = kTorchAveragePool},
    {.op = "BatchNormalization", .category = C::Normalization, .infer = infer_batch_norm, .flops = kFlopsPerOutput, .flops_per_element = 2, .host = H::BatchNorm, .torch = kTorchBatchNormalization},
    {.op = "Bernoulli", .category = C::Elementwise, .infer = infer_same_shape_dtype_attribute, .flops = kFlopsPerOutput, .flops_per_element = 2},
    {.op = "BitCast", .category = C::DataMovement, .infer = infer_bitcast, .memory = M::View, .energy = E::View, .host = H::View},
    {.op = "BitShift", .category = C::Elementwise, .infer = infer_broadcast, .flops = kFlopsPerOutput, .flops_per_element = 1},
    {.op = "BitwiseAnd", .category = C::Elementwise, .infer = infer_broadcast, .flops = kFlopsPerOutput, .flops_per_element = 1},
    {.op = "BitwiseNot", .category = C::Elementwise, .infer = infer_same_shape, .flops = kFlopsPerOutput, .flops_per_element = 1},
    {.op = "BitwiseOr", .category = C::Elementwise, .infer = infer_broadcast, .flops = kFlopsPerOutput, .flops_per_element = 1},
    {.op = "BitwiseXor", .category = C::Elementwise, .infer = infer_broadcast, .flops = kFlopsPerOutput, .flops_per_element = 1},
    {.op = "BlackmanWindow", .category = C::Other, .infer = infer_window, .flops = kFlopsPerOutput, .flops_per_element = 6, .shape_inputs = bits(WindowIn::size)},
    {.op = "Cast", .category = C::DataMovement, .infer = infer_cast, .energy = E::Elementwise, .host = H::Elementwise, .torch = kTorchCast},
    {.op = "CastLike", .category = C::DataMovement, .infer = infer_cast_like, .shape_inputs = bits(CastLikeIn::target_type)},
    {.op = "Ceil", .category = C::Elementwise, .infer = infer_same_shape, .flops = kFlopsPerOutput, .flops_per_element = 1, .torch = kTorchCeil},
    {.op = "Celu", .category = C::Elementwise, .infer = infer_same_shape, .flops = kFlopsPerOutput, .flops_per_element = 3},
    {.op = "CenterCropPad", .category = C::DataMovement, .infer = infer_center_crop_pad, .shape_inputs = bits(CenterCropPadIn::shape)},
    {.op = "Clip", .category = C::Elementwise, .infer = infer_clip, .flops = kFlopsPerOutput, .flops_per_element = 1, .shape_inputs = bits(ClipIn::min, ClipIn::max), .torch = kTorchClip},
    {.op = "Col2Im", .category = C::DataMovement, .infer = infer_col2im, .flops = kFlopsPerInput, .flops_per_element = 1, .shape_inputs = bits(Col2ImIn::image_shape, Col2ImIn::block_shape)},
    {.op = "Compress", .category = C::DataMovement, .infer = infer_data_dependent, .shape_inputs = bits(CompressIn::condition)},
    {.op = "Concat", .category = C::DataMovement, .infer = infer_concat, .torch = kTorchConcat},
    {.op = "Constant", .category = C::Other, .infer = infer_constant, .memory = M::View},
    {.op = "ConstantOfShape", .category = C::DataMovement, .infer = infer_constant_of_shape, .shape_inputs = bits(ConstantOfShapeIn::input), .torch = kTorchConstantOfShape},
    {.op = "Conv", .category = C::Conv, .infer = infer_conv, .flops = kFlopsConv, .torch = kTorchConv},
    {.op = "ConvInteger", .category = C::Conv, .infer = infer_conv_integer, .flops = kFlopsConvInteger, .shape_inputs = bits(ConvIntegerIn::x_zero_point, ConvIntegerIn::w_zero_point)},
    {.op = "ConvTranspose", .category = C::Conv, .infer = infer_conv_transpose, .flops = kFlopsConvTranspose, .torch = kTorchConvTranspose},
    {.op = "Cos", .category = C::Elementwise, .infer = infer_same_shape, .flops = kFlopsPerOutput, .flops_per_element = 1, .torch = kTorchCos},
    {.op = "Cosh", .category = C::Elementwise, .infer = infer_same_shape, .flops = kFlopsPerOutput, .flops_per_element = 1},
    {.op = "CumProd", .category = C::Elementwise, .infer = infer_same_shape, .flops = kFlopsPerOutput, .flops_per_element = 1, .shape_inputs = bits(CumSumIn::axis)},
    {.op = "CumSum", .category = C::Elementwise, .infer = infer_same_shape, .flops = kFlopsPerOutput, .flops_per_element = 1, .shape_inputs = bits(CumSumIn::axis), .torch = kTorchCumSum},
    {.op = "DFT", .since_version = 17, .category = C::Other, .infer = infer_dft_axis_attribute, .flops = kFlopsPerOutput, .flops_per_element = 20, .shape_inputs = bits(DftIn::dft_length)},
    {.op = "DFT", .since_version = 20, .category = C::Other, .infer = infer_dft, .flops = kFlopsPerOutput, .flops_per_element = 20, .shape_inputs = bits(DftIn::dft_length, DftIn::axis)},
    {.op = "DeformConv", .category = C::Conv, .infer = infer_conv, .flops = kFlopsDeformConv},
    {.op = "DepthToSpace", .category = C::DataMovement, .infer = infer_depth_to_space},
    {.op = "DequantizeLinear", .category = C::Elementwise, .infer = infer_dequantize_linear, .flops = kFlopsPerOutput, .flops_per_element = 2, .shape_inputs = bits(DequantizeLinearIn::x_scale, DequantizeLinearIn::x_zero_point)},
    {.op = "Det", .category = C::Reduction, .infer = infer_det, .flops = kFlopsPerInput, .flops_per_element = 1},
    {.op = "Div", .category = C::Elementwise, .infer = infer_broadcast, .flops = kFlopsPerOutput, .flops_per_element = 1, .torch = kTorchDiv},
    {.op = "Dropout", .category = C::DataMovement, .infer = infer_dropout, .shape_inputs = bits(DropoutIn::ratio, DropoutIn::training_mode), .memory = M::View, .energy = E::View, .host = H::View},
    // min and max of x, then scale, round, saturate: about 4 operations per element
    {.op = "DynamicQuantizeLinear", .category = C::Elementwise, .infer = infer_dynamic_quantize_linear, .flops = kFlopsPerOutput, .flops_per_element = 4},
    {.op = "Einsum", .category = C::MatMul, .infer = infer_einsum, .flops = kFlopsEinsum, .torch = kTorchEinsum},
    {.op = "Elu", .category = C::Elementwise, .infer = infer_same_shape, .flops = kFlopsPerOutput, .flops_per_element = 3, .torch = kTorchElu},
    {.op = "Equal", .category = C::Elementwise, .infer = infer_broadcast, .flops = kFlopsPerOutput, .flops_per_element = 1, .torch = kTorchEqual},
    {.op = "Erf", .category = C::Elementwise, .infer = infer_same_shape, .flops = kFlopsPerOutput, .flops_per_element = 1, .torch = kTorchErf},
    {.op = "Exp", .category = C::Elementwise, .infer = infer_same_shape, .flops = kFlopsPerOutput, .flops_per_element = 1, .torch = kTorchExp},
    {.op = "Expand", .category = C::DataMovement, .infer = infer_expand, .shape_inputs = bits(ExpandIn::shape), .energy = E::View, .host = H::View, .torch = kTorchExpand},
    {.op = "EyeLike", .category = C::DataMovement, .infer = infer_same_shape_dtype_attribute},
    {.op = "Flatten", .category = C::DataMovement, .infer = infer_flatten, .memory = M::View, .energy = E::View, .host = H::View},
    {.op = "Floor", .category = C::Elementwise, .infer = infer_same_shape, .flops = kFlopsPerOutput, .flops_per_element = 1, .torch = kTorchFloor},
    {.op = "GRU", .category = C::Other, .infer = infer_rnn, .flops = kFlopsRnn, .flops_per_element = 10, .shape_inputs = bits(RnnIn::sequence_lens), .energy = E::MatMul, .host = H::MatMul},
    {.op = "Gather", .category = C::DataMovement, .infer = infer_gather, .memory = M::OutputSized, .torch = kTorchGather},
    {.op = "GatherElements", .category = C::DataMovement, .infer = infer_gather_elements, .memory = M::OutputSized, .torch = kTorchGatherElements},
    {.op = "GatherND", .category = C::DataMovement, .infer = infer_gather_nd, .memory = M::OutputSized},
    {.op = "Gelu", .category = C::Elementwise, .infer = infer_same_shape, .flops = kFlopsPerOutput, .flops_per_element = 8, .torch = kTorchGelu},
    {.op = "Gemm", .category = C::MatMul, .infer = infer_gemm, .flops = kFlopsGemm, .torch = kTorchGemm},
    {.op = "GlobalAveragePool", .category = C::Pooling, .infer = infer_global_pool, .flops = kFlopsPerInput, .flops_per_element = 1},
    {.op = "GlobalLpPool", .category = C::Pooling, .infer = infer_global_pool, .flops = kFlopsPerInput, .flops_per_element = 2},
    {.op = "GlobalMaxPool", .category = C::Pooling, .infer = infer_global_pool, .flops = kFlopsPerInput, .flops_per_element = 1},
    {.op = "Greater", .category = C::Elementwise, .infer = infer_broadcast, .flops = kFlopsPerOutput, .flops_per_element = 1, .torch = kTorchGreater},
    {.op = "GreaterOrEqual", .category = C::Elementwise, .infer = infer_broadcast, .flops = kFlopsPerOutput, .flops_per_element = 1, .torch = kTorchGreaterOrEqual},
    {.op = "GridSample", .category = C::DataMovement, .infer = infer_grid_sample, .flops = kFlopsPerOutput, .flops_per_element = 8},
    {.op = "GroupNormalization", .category = C::Normalization, .infer = infer_same_shape, .flops = kFlopsPerOutput, .flops_per_element = 7, .torch = kTorchGroupNormalization},
    {.op = "HammingWindow", .category = C::Other, .infer = infer_window, .flops = kFlopsPerOutput, .flops_per_element = 4, .shape_inputs = bits(WindowIn::size)},
    {.op = "HannWindow", .category = C::Other, .infer = infer_window, .flops = kFlopsPerOutput, .flops_per_element = 4, .shape_inputs = bits(WindowIn::size)},
    {.op = "HardSigmoid", .category = C::Elementwise, .infer = infer_same_shape, .flops = kFlopsPerOutput, .flops_per_element = 3, .torch = kTorchHardSigmoid},
    {.op = "HardSwish", .category = C::Elementwise, .infer = infer_same_shape, .flops = kFlopsPerOutput, .flops_per_element = 4, .torch = kTorchHardSwish},
    {.op = "Hardmax", .category = C::Normalization, .infer = infer_same_shape, .flops = kFlopsPerOutput, .flops_per_element = 2},
    {.op = "Identity", .category = C::DataMovement, .infer = infer_same_shape, .memory = M::View, .energy = E::View, .host = H::View},
    {.op = "If", .category = C::Other, .infer = infer_control_flow, .memory = M::View},
    {.op = "InstanceNormalization", .category = C::Normalization, .infer = infer_same_shape, .flops = kFlopsPerOutput, .flops_per_element = 7, .torch = kTorchInstanceNormalization},
    {.op = "IsInf", .category = C::Elementwise, .infer = infer_same_shape_bool, .flops = kFlopsPerOutput, .flops_per_element = 1},
    {.op = "IsNaN", .category = C::Elementwise, .infer = infer_same_shape_bool, .flops = kFlopsPerOutput, .flops_per_element = 1},
    {.op = "LRN", .category = C::Normalization, .infer = infer_same_shape, .flops = kFlopsPerOutput, .flops_per_element = 5},
    {.op = "LSTM", .category = C::Other, .infer = infer_rnn, .flops = kFlopsRnn, .flops_per_element = 12, .shape_inputs = bits(RnnIn::sequence_lens), .energy = E::MatMul, .host = H::MatMul},
    {.op = "LayerNormalization", .category = C::Normalization, .infer = infer_layer_norm, .flops = kFlopsPerOutput, .flops_per_element = 7, .torch = kTorchLayerNormalization},
    {.op = "LeakyRelu", .category = C::Elementwise, .infer = infer_same_shape, .flops = kFlopsPerOutput, .flops_per_element = 2, .torch = kTorchLeakyRelu},
    {.op = "Less", .category = C::Elementwise, .infer = infer_broadcast, .flops = kFlopsPerOutput, .flops_per_element = 1, .torch = kTorchLess},
    {.op = "LessOrEqual", .category = C::Elementwise, .infer = infer_broadcast, .flops = kFlopsPerOutput, .flops_per_element = 1, .torch = kTorchLessOrEqual},
    {.op = "LinearAttention", .category = C::Attention, .infer = infer_linear_attention, .flops = kFlopsLinearAttention},
    {.op = "Log", .category = C::Elementwise, .infer = infer_same_shape, .flops = kFlopsPerOutput, .flops_per_element = 1, .torch = kTorchLog},
    {.op = "LogSoftmax", .category = C::Normalization, .infer = infer_same_shape, .flops = kFlopsPerOutput, .flops_per_element = 5, .host = H::Softmax, .torch = kTorchLogSoftmax},
    {.op = "Loop", .category = C::Other, .infer = infer_control_flow, .memory = M::View},
    {.op = "LpNormalization", .category = C::Normalization, .infer = infer_same_shape, .flops = kFlopsPerOutput, .flops_per_element = 3},
    {.op = "LpPool", .category = C::Pooling, .infer = infer_pool, .flops = kFlopsPool, .flops_per_element = 1},
    {.op = "MatMul", .category = C::MatMul, .infer = infer_matmul, .flops = kFlopsMatMul, .torch = kTorchMatMul},
    {.op = "MatMulInteger", .category = C::MatMul, .infer = infer_matmul_integer, .flops = kFlopsMatMul, .shape_inputs = bits(MatMulIntegerIn::a_zero_point, MatMulIntegerIn::b_zero_point)},
    {.op = "Max", .category = C::Elementwise, .infer = infer_broadcast, .flops = kFlopsPerOutput, .flops_per_element = 1, .torch = kTorchMax},
    {.op = "MaxPool", .category = C::Pooling, .infer = infer_pool, .flops = kFlopsPool, .torch = kTorchMaxPool},
    {.op = "MaxUnpool", .category = C::DataMovement, .infer = infer_max_unpool, .shape_inputs = bits(MaxUnpoolIn::output_shape)},
    {.op = "Mean", .category = C::Elementwise, .infer = infer_broadcast, .flops = kFlopsPerOutput, .flops_per_element = 1},
    {.op = "MeanVarianceNormalization", .category = C::Normalization, .infer = infer_same_shape, .flops = kFlopsPerOutput, .flops_per_element = 7},
    {.op = "MelWeightMatrix", .category = C::Other, .infer = infer_mel_weight_matrix, .flops = kFlopsPerOutput, .flops_per_element = 4, .shape_inputs = bits(MelWeightMatrixIn::num_mel_bins, MelWeightMatrixIn::dft_length, MelWeightMatrixIn::sample_rate, MelWeightMatrixIn::lower_edge_hertz, MelWeightMatrixIn::upper_edge_hertz)},
    {.op = "Min", .category = C::Elementwise, .infer = infer_broadcast, .flops = kFlopsPerOutput, .flops_per_element = 1, .torch = kTorchMin},
    {.op = "Mish", .category = C::Elementwise, .infer = infer_same_shape, .flops = kFlopsPerOutput, .flops_per_element = 5, .torch = kTorchMish},
    {.op = "Mod", .category = C::Elementwise, .infer = infer_broadcast, .flops = kFlopsPerOutput, .flops_per_element = 1},
    {.op = "Mul", .category = C::Elementwise, .infer = infer_broadcast, .flops = kFlopsPerOutput, .flops_per_element = 1, .torch = kTorchMul},
    {.op = "Multinomial", .category = C::Other, .infer = infer_multinomial, .flops = kFlopsPerInput, .flops_per_element = 2},
    {.op = "Neg", .category = C::Elementwise, .infer = infer_same_shape, .flops = kFlopsPerOutput, .flops_per_element = 1, .torch = kTorchNeg},
    {.op = "NegativeLogLikelihoodLoss", .category = C::Reduction, .infer = infer_loss, .flops = kFlopsPerInput, .flops_per_element = 1},
    {.op = "NonMaxSuppression", .category = C::Other, .infer = infer_data_dependent, .shape_inputs = bits(NonMaxSuppressionIn::max_output_boxes_per_class, NonMaxSuppressionIn::iou_threshold, NonMaxSuppressionIn::score_threshold)},
    {.op = "NonZero", .category = C::DataMovement, .infer = infer_data_dependent},
    {.op = "Not", .category = C::Elementwise, .infer = infer_same_shape, .flops = kFlopsPerOutput, .flops_per_element = 1, .torch = kTorchNot},
    {.op = "OneHot", .category = C::DataMovement, .infer = infer_one_hot, .shape_inputs = bits(OneHotIn::depth, OneHotIn::values)},
    {.op = "OptionalGetElement", .category = C::Other, .infer = infer_same_shape, .memory = M::View, .energy = E::View, .host = H::View},
    {.op = "OptionalHasElement", .category = C::Other, .infer = infer_optional_has_element, .memory = M::View, .energy = E::View, .host = H::View},
    {.op = "Or", .category = C::Elementwise, .infer = infer_broadcast, .flops = kFlopsPerOutput, .flops_per_element = 1, .torch = kTorchOr},
    {.op = "PRelu", .category = C::Elementwise, .infer = infer_same_shape, .flops = kFlopsPerOutput, .flops_per_element = 2},
    {.op = "Pad", .category = C::DataMovement, .infer = infer_pad, .shape_inputs = bits(PadIn::pads, PadIn::constant_value, PadIn::axes), .torch = kTorchPad},
    {.op = "Pow", .category = C::Elementwise, .infer = infer_broadcast, .flops = kFlopsPerOutput, .flops_per_element = 1, .torch = kTorchPow},
    {.op = "QLinearConv", .category = C::Conv, .infer = infer_qlinear_conv, .flops = kFlopsQLinearConv, .shape_inputs = bits(QLinearConvIn::x_scale, QLinearConvIn::x_zero_point, QLinearConvIn::w_scale, QLinearConvIn::w_zero_point, QLinearConvIn::y_scale, QLinearConvIn::y_zero_point)},
    {.op = "QLinearMatMul", .category = C::MatMul, .infer = infer_qlinear_matmul, .flops = kFlopsMatMul, .shape_inputs = bits(QLinearMatMulIn::a_scale, QLinearMatMulIn::a_zero_point, QLinearMatMulIn::b_scale, QLinearMatMulIn::b_zero_point, QLinearMatMulIn::y_scale, QLinearMatMulIn::y_zero_point)},
    {.op = "QuantizeLinear", .category = C::Elementwise, .infer = infer_quantize_linear, .flops = kFlopsPerOutput, .flops_per_element = 2, .shape_inputs = bits(QuantizeLinearIn::y_scale, QuantizeLinearIn::y_zero_point)},
    {.op = "RMSNormalization", .category = C::Normalization, .infer = infer_same_shape, .flops = kFlopsPerOutput, .flops_per_element = 4},
    {.op = "RNN", .category = C::Other, .infer = infer_rnn, .flops = kFlopsRnn, .flops_per_element = 2, .shape_inputs = bits(RnnIn::sequence_lens), .energy = E::MatMul, .host = H::MatMul},
    {.op = "RandomNormal", .category = C::Elementwise, .infer = infer_shape_attribute, .flops = kFlopsPerOutput, .flops_per_element = 4},
    {.op = "RandomNormalLike", .category = C::Elementwise, .infer = infer_same_shape_dtype_attribute, .flops = kFlopsPerOutput, .flops_per_element = 4},
    {.op = "RandomUniform", .category = C::Elementwise, .infer = infer_shape_attribute, .flops = kFlopsPerOutput, .flops_per_element = 2},
    {.op = "RandomUniformLike", .category = C::Elementwise, .infer = infer_same_shape_dtype_attribute, .flops = kFlopsPerOutput, .flops_per_element = 2},
    {.op = "Range", .category = C::DataMovement, .infer = infer_range, .shape_inputs = bits(RangeIn::start, RangeIn::limit, RangeIn::delta)},
    {.op = "Reciprocal", .category = C::Elementwise, .infer = infer_same_shape, .flops = kFlopsPerOutput, .flops_per_element = 1, .torch = kTorchReciprocal},
    {.op = "ReduceL1", .category = C::Reduction, .infer = infer_reduce, .flops = kFlopsPerInput, .flops_per_element = 2, .shape_inputs = bits(AxesIn::axes)},
    {.op = "ReduceL2", .category = C::Reduction, .infer = infer_reduce, .flops = kFlopsPerInput, .flops_per_element = 2, .shape_inputs = bits(AxesIn::axes), .torch = kTorchReduceL2},
    {.op = "ReduceLogSum", .category = C::Reduction, .infer = infer_reduce, .flops = kFlopsPerInput, .flops_per_element = 1, .shape_inputs = bits(AxesIn::axes)},
    {.op = "ReduceLogSumExp", .category = C::Reduction, .infer = infer_reduce, .flops = kFlopsPerInput, .flops_per_element = 2, .shape_inputs = bits(AxesIn::axes)},
    {.op = "ReduceMax", .category = C::Reduction, .infer = infer_reduce, .flops = kFlopsPerInput, .flops_per_element = 1, .shape_inputs = bits(AxesIn::axes), .torch = kTorchReduceMax},
    {.op = "ReduceMean", .category = C::Reduction, .infer = infer_reduce, .flops = kFlopsPerInput, .flops_per_element = 1, .shape_inputs = bits(AxesIn::axes), .torch = kTorchReduceMean},
    {.op = "ReduceMin", .category = C::Reduction, .infer = infer_reduce, .flops = kFlopsPerInput, .flops_per_element = 1, .shape_inputs = bits(AxesIn::axes), .torch = kTorchReduceMin},
    {.op = "ReduceProd", .category = C::Reduction, .infer = infer_reduce, .flops = kFlopsPerInput, .flops_per_element = 1, .shape_inputs = bits(AxesIn::axes), .torch = kTorchReduceProd},
    {.op = "ReduceSum", .category = C::Reduction, .infer = infer_reduce, .flops = kFlopsPerInput, .flops_per_element = 1, .shape_inputs = bits(AxesIn::axes), .torch = kTorchReduceSum},
    {.op = "ReduceSumSquare", .category = C::Reduction, .infer = infer_reduce, .flops = kFlopsPerInput, .flops_per_element = 2, .shape_inputs = bits(AxesIn::axes)},
    {.op = "RegexFullMatch", .category = C::Other, .infer = infer_same_shape_bool},
    {.op = "Relu", .category = C::Elementwise, .infer = infer_same_shape, .flops = kFlopsPerOutput, .flops_per_element = 1, .torch = kTorchRelu},
    {.op = "Reshape", .category = C::DataMovement, .infer = infer_reshape, .shape_inputs = bits(ReshapeIn::shape), .memory = M::View, .energy = E::View, .host = H::View, .torch = kTorchReshape},
    {.op = "Resize", .since_version = 10, .category = C::DataMovement, .infer = infer_resize_scales_input, .flops = kFlopsResize, .shape_inputs = bits(UpsampleIn::scales)},
    {.op = "Resize", .since_version = 11, .category = C::DataMovement, .infer = infer_resize, .flops = kFlopsResize, .shape_inputs = bits(ResizeIn::roi, ResizeIn::scales, ResizeIn::sizes), .torch = kTorchResize},
    {.op = "ReverseSequence", .category = C::DataMovement, .infer = infer_same_shape},
    {.op = "RoiAlign", .category = C::Pooling, .infer = infer_roi_align, .flops = kFlopsPerOutput, .flops_per_element = 16, .shape_inputs = bits(RoiAlignIn::batch_indices)},
    {.op = "RotaryEmbedding", .category = C::Elementwise, .infer = infer_same_shape, .flops = kFlopsPerOutput, .flops_per_element = 3},
    {.op = "Round", .category = C::Elementwise, .infer = infer_same_shape, .flops = kFlopsPerOutput, .flops_per_element = 1, .torch = kTorchRound},
    {.op = "STFT", .category = C::Other, .infer = infer_stft, .flops = kFlopsPerOutput, .flops_per_element = 20, .shape_inputs = bits(StftIn::frame_step, StftIn::frame_length)},
    {.op = "Scan", .category = C::Other, .infer = infer_control_flow, .memory = M::View},
    {.op = "Scatter", .category = C::DataMovement, .infer = infer_same_shape},
    {.op = "ScatterElements", .category = C::DataMovement, .infer = infer_same_shape},
    {.op = "ScatterND", .category = C::DataMovement, .infer = infer_same_shape},
    {.op = "Selu", .category = C::Elementwise, .infer = infer_same_shape, .flops = kFlopsPerOutput, .flops_per_element = 3},
    {.op = "Shape", .category = C::DataMovement, .infer = infer_shape, .shape_inputs = bits(ShapeIn::data), .memory = M::View, .energy = E::View, .host = H::View},
    {.op = "Shrink", .category = C::Elementwise, .infer = infer_same_shape, .flops = kFlopsPerOutput, .flops_per_element = 2},
    {.op = "Sigmoid", .category = C::Elementwise, .infer = infer_same_shape, .flops = kFlopsPerOutput, .flops_per_element = 4, .torch = kTorchSigmoid},
    {.op = "Sign", .category = C::Elementwise, .infer = infer_same_shape, .flops = kFlopsPerOutput, .flops_per_element = 1, .torch = kTorchSign},
    {.op = "SimplifiedLayerNormalization", .category = C::Normalization, .infer = infer_layer_norm, .flops = kFlopsPerOutput, .flops_per_element = 5, .host = H::LayerNorm},
    {.op = "Sin", .category = C::Elementwise, .infer = infer_same_shape, .flops = kFlopsPerOutput, .flops_per_element = 1, .torch = kTorchSin},
    {.op = "Sinh", .category = C::Elementwise, .infer = infer_same_shape, .flops = kFlopsPerOutput, .flops_per_element = 1},
    {.op = "Size", .category = C::DataMovement, .infer = infer_size, .shape_inputs = bits(ShapeIn::data), .memory = M::View, .energy = E::View, .host = H::View},
    {.op = "Slice", .category = C::DataMovement, .infer = infer_slice_attributes, .memory = M::OutputSized, .energy = E::View, .host = H::View},
    {.op = "Slice", .since_version = 10, .category = C::DataMovement, .infer = infer_slice, .shape_inputs = bits(SliceIn::starts, SliceIn::ends, SliceIn::axes, SliceIn::steps), .memory = M::OutputSized, .energy = E::View, .host = H::View},
    {.op = "Softmax", .category = C::Normalization, .infer = infer_same_shape, .flops = kFlopsPerOutput, .flops_per_element = 5, .host = H::Softmax, .torch = kTorchSoftmax},
    {.op = "SoftmaxCrossEntropyLoss", .category = C::Reduction, .infer = infer_loss, .flops = kFlopsPerInput, .flops_per_element = 6},
    {.op = "Softplus", .category = C::Elementwise, .infer = infer_same_shape, .flops = kFlopsPerOutput, .flops_per_element = 3, .torch = kTorchSoftplus},
    {.op = "Softsign", .category = C::Elementwise, .infer = infer_same_shape, .flops = kFlopsPerOutput, .flops_per_element = 3},
    {.op = "SpaceToDepth", .category = C::DataMovement, .infer = infer_space_to_depth},
    {.op = "Split", .category = C::DataMovement, .infer = infer_split, .shape_inputs = bits(SplitIn::split), .energy = E::View, .host = H::View},
    {.op = "Sqrt", .category = C::Elementwise, .infer = infer_same_shape, .flops = kFlopsPerOutput, .flops_per_element = 1, .torch = kTorchSqrt},
    {.op = "Squeeze", .category = C::DataMovement, .infer = infer_squeeze, .shape_inputs = bits(AxesIn::axes), .memory = M::View, .energy = E::View, .host = H::View},
    {.op = "StringConcat", .category = C::Other, .infer = infer_broadcast},
    {.op = "Sub", .category = C::Elementwise, .infer = infer_broadcast, .flops = kFlopsPerOutput, .flops_per_element = 1, .torch = kTorchSub},
    {.op = "Sum", .category = C::Elementwise, .infer = infer_broadcast, .flops = kFlopsPerOutput, .flops_per_element = 1},
    {.op = "SwiGLU", .category = C::Elementwise, .infer = infer_broadcast, .flops = kFlopsPerOutput, .flops_per_element = 6},
    {.op = "Swish", .category = C::Elementwise, .infer = infer_same_shape, .flops = kFlopsPerOutput, .flops_per_element = 5, .torch = kTorchSwish},
    {.op = "Tan", .category = C::Elementwise, .infer = infer_same_shape, .flops = kFlopsPerOutput, .flops_per_element = 1},
    {.op = "Tanh", .category = C::Elementwise, .infer = infer_same_shape, .flops = kFlopsPerOutput, .flops_per_element = 1, .torch = kTorchTanh},
    {.op = "TensorScatter", .category = C::DataMovement, .infer = infer_same_shape, .shape_inputs = bits(TensorScatterIn::write_indices)},
    {.op = "TfIdfVectorizer", .category = C::Other, .infer = infer_tfidf_vectorizer, .flops = kFlopsPerInput, .flops_per_element = 1},
    {.op = "ThresholdedRelu", .category = C::Elementwise, .infer = infer_same_shape, .flops = kFlopsPerOutput, .flops_per_element = 1},
    {.op = "Tile", .category = C::DataMovement, .infer = infer_tile, .shape_inputs = bits(TileIn::repeats)},
    {.op = "TopK", .category = C::Reduction, .infer = infer_topk_attribute, .flops = kFlopsPerInput, .flops_per_element = 1},
    {.op = "TopK", .since_version = 10, .category = C::Reduction, .infer = infer_topk, .flops = kFlopsPerInput, .flops_per_element = 1, .shape_inputs = bits(TopKIn::K)},
    {.op = "Transpose", .category = C::DataMovement, .infer = infer_transpose},
    {.op = "Trilu", .category = C::Elementwise, .infer = infer_same_shape, .flops = kFlopsPerOutput, .flops_per_element = 1, .shape_inputs = bits(TriluIn::k)},
    {.op = "Unique", .category = C::DataMovement, .infer = infer_data_dependent},
    {.op = "Unsqueeze", .category = C::DataMovement, .infer = infer_unsqueeze, .shape_inputs = bits(AxesIn::axes), .memory = M::View, .energy = E::View, .host = H::View},
    {.op = "Upsample", .category = C::DataMovement, .infer = infer_resize_scales_input, .flops = kFlopsResize, .shape_inputs = bits(UpsampleIn::scales)},
    {.op = "Where", .category = C::Elementwise, .infer = infer_broadcast, .flops = kFlopsPerOutput, .flops_per_element = 1, .torch = kTorchWhere},
    {.op = "Xor", .category = C::Elementwise, .infer = infer_broadcast, .flops = kFlopsPerOutput, .flops_per_element = 1},
    {.domain = "ai.onnx.ml", .op = "ArrayFeatureExtractor", .category = C::ClassicalMl, .infer = infer_ml_array_feature_extractor, .memory = M::OutputSized},
    {.domain = "ai.onnx.ml", .op = "Binarizer", .category = C::ClassicalMl, .infer = infer_ml_elementwise, .flops = kFlopsPerOutput, .flops_per_element = 1},
    {.domain = "ai.onnx.ml", .op = "CategoryMapper", .category = C::ClassicalMl, .infer = infer_ml_label_map},
    {.domain = "ai.onnx.ml", .op = "FeatureVectorizer", .category = C::ClassicalMl, .infer = infer_ml_feature_vectorizer},
    {.domain = "ai.onnx.ml", .op = "Imputer", .category = C::ClassicalMl, .infer = infer_ml_elementwise, .flops = kFlopsPerOutput, .flops_per_element = 1},
    {.domain = "ai.onnx.ml", .op = "LabelEncoder", .category = C::ClassicalMl, .infer = infer_ml_label_map},
    {.domain = "ai.onnx.ml", .op = "LinearClassifier", .category = C::ClassicalMl, .infer = infer_ml_classifier, .flops = kFlopsPerAnyOutput, .flops_per_element = 2},
    {.domain = "ai.onnx.ml", .op = "LinearRegressor", .category = C::ClassicalMl, .infer = infer_ml_regressor, .flops = kFlopsPerInput, .flops_per_element = 2},
    {.domain = "ai.onnx.ml", .op = "Normalizer", .category = C::ClassicalMl, .infer = infer_ml_elementwise, .flops = kFlopsPerOutput, .flops_per_element = 3},
    {.domain = "ai.onnx.ml", .op = "OneHotEncoder", .category = C::ClassicalMl, .infer = infer_ml_one_hot},
    {.domain = "ai.onnx.ml", .op = "SVMClassifier", .category = C::ClassicalMl, .infer = infer_ml_classifier, .flops = kFlopsPerInput, .flops_per_element = 2},
    {.domain = "ai.onnx.ml", .op = "SVMRegressor", .category = C::ClassicalMl, .infer = infer_ml_regressor, .flops = kFlopsPerInput, .flops_per_element = 2},
    {.domain = "ai.onnx.ml", .op = "Scaler", .category = C::ClassicalMl, .infer = infer_ml_elementwise, .flops = kFlopsPerOutput, .flops_per_element = 2},
    {.domain = "ai.onnx.ml", .op = "TreeEnsemble", .category = C::ClassicalMl, .infer = infer_ml_regressor, .flops = kFlopsPerInput, .flops_per_element = 1},
    {.domain = "ai.onnx.ml", .op = "TreeEnsembleClassifier", .category = C::ClassicalMl, .infer = infer_ml_classifier, .flops = kFlopsPerInput, .flops_per_element = 1},
    {.domain = "ai.onnx.ml", .op = "TreeEnsembleRegressor", .category = C::ClassicalMl, .infer = infer_ml_regressor, .flops = kFlopsPerInput, .flops_per_element = 1},
    {.domain = "ai.onnx.preview.training", .op = "Adagrad", .category = C::Other, .infer = infer_optimizer, .flops = kFlopsPerAnyOutput, .flops_per_element = 6},
    {.domain = "ai.onnx.preview.training", .op = "Adam", .category = C::Other, .infer = infer_optimizer, .flops = kFlopsPerAnyOutput, .flops_per_element = 8},
    {.domain = "ai.onnx.preview.training", .op = "Momentum", .category = C::Other, .infer = infer_optimizer, .flops = kFlopsPerAnyOutput, .flops_per_element = 4},
    {.domain = "com.microsoft", .op = "Attention", .category = C::Attention, .infer = infer_ms_attention, .flops = kFlopsMsAttention, .flops_per_element = 5},
    {.domain = "com.microsoft", .op = "BiasAdd", .category = C::Elementwise, .infer = infer_same_shape, .flops = kFlopsPerOutput, .flops_per_element = 2},
    {.domain = "com.microsoft", .op = "BiasGelu", .category = C::Elementwise, .infer = infer_same_shape, .flops = kFlopsPerOutput, .flops_per_element = 9},
    {.domain = "com.microsoft", .op = "BiasSoftmax", .category = C::Normalization, .infer = infer_same_shape, .flops = kFlopsPerOutput, .flops_per_element = 6, .host = H::Softmax},
    {.domain = "com.microsoft", .op = "BiasSplitGelu", .category = C::Elementwise, .infer = infer_bias_split_gelu, .flops = kFlopsPerOutput, .flops_per_element = 10},
    {.domain = "com.microsoft", .op = "DecoderMaskedMultiHeadAttention", .category = C::Attention, .infer = infer_decoder_masked_mha, .flops = kFlopsCachedAttention, .flops_per_element = 5, .shape_inputs = bits(DecoderMaskedMhaIn::past_sequence_length, DecoderMaskedMhaIn::beam_width)},
    {.domain = "com.microsoft", .op = "DequantizeLinear", .category = C::Elementwise, .infer = infer_dequantize_linear, .flops = kFlopsPerOutput, .flops_per_element = 2, .shape_inputs = bits(DequantizeLinearIn::x_scale, DequantizeLinearIn::x_zero_point)},
    {.domain = "com.microsoft", .op = "DynamicQuantizeMatMul", .category = C::MatMul, .infer = infer_matmul, .flops = kFlopsMatMul},
    {.domain = "com.microsoft", .op = "EmbedLayerNormalization", .category = C::Normalization, .infer = infer_embed_layer_norm, .flops = kFlopsPerOutput, .flops_per_element = 9, .host = H::LayerNorm},
    {.domain = "com.microsoft", .op = "FastGelu", .category = C::Elementwise, .infer = infer_same_shape, .flops = kFlopsPerOutput, .flops_per_element = 8},
    {.domain = "com.microsoft", .op = "FusedConv", .category = C::Conv, .infer = infer_conv, .flops = kFlopsConv},
    {.domain = "com.microsoft", .op = "FusedGemm", .category = C::MatMul, .infer = infer_gemm, .flops = kFlopsGemm},
    {.domain = "com.microsoft", .op = "FusedMatMul", .category = C::MatMul, .infer = infer_fused_matmul, .flops = kFlopsFusedMatMul},
    {.domain = "com.microsoft", .op = "Gelu", .category = C::Elementwise, .infer = infer_same_shape, .flops = kFlopsPerOutput, .flops_per_element = 8},
    {.domain = "com.microsoft", .op = "GemmFastGelu", .category = C::MatMul, .infer = infer_matmul, .flops = kFlopsMatMul},
    {.domain = "com.microsoft", .op = "GroupNorm", .category = C::Normalization, .infer = infer_same_shape, .flops = kFlopsPerOutput, .flops_per_element = 7},
    {.domain = "com.microsoft", .op = "GroupQueryAttention", .category = C::Attention, .infer = infer_group_query_attention, .flops = kFlopsCachedAttention, .flops_per_element = 5, .shape_inputs = bits(GroupQueryAttentionIn::seqlens_k, GroupQueryAttentionIn::total_sequence_length)},
    {.domain = "com.microsoft", .op = "LayerNormalization", .category = C::Normalization, .infer = infer_layer_norm, .flops = kFlopsPerOutput, .flops_per_element = 7, .host = H::LayerNorm},
    {.domain = "com.microsoft", .op = "MatMulIntegerToFloat", .category = C::MatMul, .infer = infer_matmul_integer_to_float, .flops = kFlopsMatMul, .shape_inputs = bits(MatMulIntegerToFloatIn::a_zero_point, MatMulIntegerToFloatIn::b_zero_point)},
    {.domain = "com.microsoft", .op = "MatMulNBits", .category = C::MatMul, .infer = infer_matmul_nbits, .flops = kFlopsMatMulNBits, .shape_inputs = bits(MatMulNBitsIn::scales, MatMulNBitsIn::zero_points, MatMulNBitsIn::g_idx)},
    {.domain = "com.microsoft", .op = "MultiHeadAttention", .category = C::Attention, .infer = infer_multi_head_attention, .flops = kFlopsCachedAttention, .flops_per_element = 5},
    {.domain = "com.microsoft", .op = "QAttention", .category = C::Attention, .infer = infer_qattention, .flops = kFlopsMsAttention, .flops_per_element = 5, .shape_inputs = bits(QAttentionIn::input_scale, QAttentionIn::weight_scale, QAttentionIn::input_zero_point, QAttentionIn::weight_zero_point)},
    {.domain = "com.microsoft", .op = "QGemm", .category = C::MatMul, .infer = infer_qgemm, .flops = kFlopsQGemm, .shape_inputs = bits(QGemmIn::a_scale, QGemmIn::a_zero_point, QGemmIn::b_scale, QGemmIn::b_zero_point, QGemmIn::y_scale, QGemmIn::y_zero_point)},
    {.domain = "com.microsoft", .op = "QLinearAdd", .category = C::Elementwise, .infer = infer_qlinear_binary, .flops = kFlopsPerOutput, .flops_per_element = 3, .shape_inputs = bits(QLinearBinaryIn::A_scale, QLinearBinaryIn::A_zero_point, QLinearBinaryIn::B_scale, QLinearBinaryIn::B_zero_point, QLinearBinaryIn::C_scale, QLinearBinaryIn::C_zero_point)},
    {.domain = "com.microsoft", .op = "QLinearAveragePool", .category = C::Pooling, .infer = infer_pool, .flops = kFlopsPool, .flops_per_element = 1},
    {.domain = "com.microsoft", .op = "QLinearConcat", .category = C::DataMovement, .infer = infer_qlinear_concat},
    {.domain = "com.microsoft", .op = "QLinearGlobalAveragePool", .category = C::Pooling, .infer = infer_qlinear_global_pool, .flops = kFlopsPerInput, .flops_per_element = 1},
    {.domain = "com.microsoft", .op = "QLinearLeakyRelu", .category = C::Elementwise, .infer = infer_same_shape, .flops = kFlopsPerOutput, .flops_per_element = 3},
    {.domain = "com.microsoft", .op = "QLinearMul", .category = C::Elementwise, .infer = infer_qlinear_binary, .flops = kFlopsPerOutput, .flops_per_element = 3, .shape_inputs = bits(QLinearBinaryIn::A_scale, QLinearBinaryIn::A_zero_point, QLinearBinaryIn::B_scale, QLinearBinaryIn::B_zero_point, QLinearBinaryIn::C_scale, QLinearBinaryIn::C_zero_point)},
    {.domain = "com.microsoft", .op = "QLinearReduceMean", .category = C::Reduction, .infer = infer_qlinear_reduce_mean, .flops = kFlopsPerInput, .flops_per_element = 1, .shape_inputs = bits(QLinearReduceMeanIn::data_scale, QLinearReduceMeanIn::data_zero_point, QLinearReduceMeanIn::reduced_scale, QLinearReduceMeanIn::reduced_zero_point)},
    {.domain = "com.microsoft", .op = "QLinearSigmoid", .category = C::Elementwise, .infer = infer_same_shape, .flops = kFlopsPerOutput, .flops_per_element = 6},
    {.domain = "com.microsoft", .op = "QLinearSoftmax", .category = C::Normalization, .infer = infer_same_shape, .flops = kFlopsPerOutput, .flops_per_element = 5, .host = H::Softmax},
    {.domain = "com.microsoft", .op = "QLinearWhere", .category = C::Elementwise, .infer = infer_qlinear_where, .flops = kFlopsPerOutput, .flops_per_element = 1, .shape_inputs = bits(QLinearWhereIn::x_scale, QLinearWhereIn::x_zero_point, QLinearWhereIn::y_scale, QLinearWhereIn::y_zero_point, QLinearWhereIn::z_scale, QLinearWhereIn::z_zero_point)},
    {.domain = "com.microsoft", .op = "QuantizeLinear", .category = C::Elementwise, .infer = infer_quantize_linear, .flops = kFlopsPerOutput, .flops_per_element = 2, .shape_inputs = bits(QuantizeLinearIn::y_scale, QuantizeLinearIn::y_zero_point)},
    {.domain = "com.microsoft", .op = "QuickGelu", .category = C::Elementwise, .infer = infer_same_shape, .flops = kFlopsPerOutput, .flops_per_element = 3},
    {.domain = "com.microsoft", .op = "RotaryEmbedding", .category = C::Elementwise, .infer = infer_same_shape, .flops = kFlopsPerOutput, .flops_per_element = 3},
    {.domain = "com.microsoft", .op = "SkipGroupNorm", .category = C::Normalization, .infer = infer_skip_group_norm, .flops = kFlopsPerOutput, .flops_per_element = 9},
    {.domain = "com.microsoft", .op = "SkipLayerNormalization", .category = C::Normalization, .infer = infer_skip_layer_norm, .flops = kFlopsPerOutput, .flops_per_element = 9, .host = H::LayerNorm},
    {.domain = "com.microsoft", .op = "SkipSimplifiedLayerNormalization", .category = C::Normalization, .infer = infer_skip_layer_norm, .flops = kFlopsPerOutput, .flops_per_element = 6, .host = H::LayerNorm},
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
        case Category::ClassicalMl: return "classical_ml";
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
        case Category::ClassicalMl: return EnergyClass::Elementwise;  // memory-bound, like element-wise kernels
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
        case Category::ClassicalMl: return HostGroup::Elementwise;
        case Category::Other: return HostGroup::View;
    }
    return HostGroup::View;
}

const TorchEntry* find_torch_call(std::string_view func) {
    // Every row's PyTorch functions in one list sorted by name, built on first use.
    static const std::vector<TorchEntry> index = [] {
        std::vector<TorchEntry> entries;
        for (const OpRule& rule : kOps)
            for (const TorchCall& call : rule.torch) entries.push_back({&rule, &call});
        std::sort(entries.begin(), entries.end(), [](const TorchEntry& a, const TorchEntry& b) { return a.call->func < b.call->func; });
        return entries;
    }();
    const auto it = std::lower_bound(index.begin(), index.end(), func, [](const TorchEntry& e, std::string_view f) { return e.call->func < f; });
    return it != index.end() && it->call->func == func ? &*it : nullptr;
}

Span<const OpRule> op_table() { return {kOps, std::size(kOps)}; }

}  // namespace wattlayer
