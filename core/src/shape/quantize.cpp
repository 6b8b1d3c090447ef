// Quantization operators: the output keeps input 0's shape but takes its element type from
// another input or an attribute. Getting the type right matters beyond the
// type: every byte count of a quantized model follows it.
#include "shape/rules.hpp"

namespace wattlayer {
namespace {

// Input 0's shape with another element type (values are not folded: quantizing changes them).
void same_shape_as_input0(NodeContext& ctx, DType dtype) {
    const Value* x = ctx.ranked(0);
    Value& y = ctx.out(0);
    if (!x) {
        y.dtype = dtype;
        return;
    }
    y.reset_to(dtype, x->dims);
}

DType type_of_input(const NodeContext& ctx, size_t i) {
    const Value* v = ctx.in(i);
    return v ? v->dtype : DType::Undefined;
}

}  // namespace

// QuantizeLinear: y takes y_zero_point's type; without one, `output_dtype` (opset 21), else uint8.
void infer_quantize_linear(NodeContext& ctx) {
    DType dtype = type_of_input(ctx, QuantizeLinearIn::y_zero_point);
    if (dtype == DType::Undefined) dtype = dtype_from_code(ctx.attr_int("output_dtype", 0));
    if (dtype == DType::Undefined) dtype = DType::UInt8;
    same_shape_as_input0(ctx, dtype);
}

// DequantizeLinear: y takes `output_dtype` (opset 23) when set, else x_scale's type (float32
// before opset 19).
void infer_dequantize_linear(NodeContext& ctx) {
    DType dtype = dtype_from_code(ctx.attr_int("output_dtype", 0));
    if (dtype == DType::Undefined) dtype = type_of_input(ctx, DequantizeLinearIn::x_scale);
    if (dtype == DType::Undefined) dtype = DType::Float;
    same_shape_as_input0(ctx, dtype);
}

// DynamicQuantizeLinear: y (uint8, x's shape), y_scale (float32 scalar), y_zero_point (uint8 scalar).
void infer_dynamic_quantize_linear(NodeContext& ctx) {
    same_shape_as_input0(ctx, DType::UInt8);
    ctx.out(1).reset_to(DType::Float, Dims{});
    ctx.out(2).reset_to(DType::UInt8, Dims{});
}

}  // namespace wattlayer
