// Convolution and pooling family (ONNX's convPoolShapeInference): N and channels, then one
// sliding-window size per spatial axis from kernel, strides, pads, dilations and auto_pad.
#include "shape/rules.hpp"

namespace wattlayer {
namespace {

// Inline lists: a network has hundreds of convolutions and pools, four lists each.
using WindowList = SmallVector<int64_t, 6>;

struct Window {
    WindowList kernel, strides, dilations, pads;  // pads: all begins, then all ends
    std::string_view auto_pad;  // a view into the model
    bool ceil_mode = false;
};

WindowList attr_list(const NodeContext& ctx, std::string_view name) {
    const Ints values = ctx.attr_ints(name);  // geometry checked there
    return WindowList(values.begin(), values.end());
}

Window read_window(const NodeContext& ctx, size_t spatial, WindowList kernel) {
    Window w;
    w.kernel = std::move(kernel);
    w.strides = attr_list(ctx, "strides");
    w.dilations = attr_list(ctx, "dilations");
    w.pads = attr_list(ctx, "pads");
    w.auto_pad = ctx.attr_string("auto_pad", "NOTSET");
    w.ceil_mode = ctx.attr_int("ceil_mode", 0) != 0;
    if (w.strides.empty()) w.strides.assign(spatial, 1);
    if (w.dilations.empty()) w.dilations.assign(spatial, 1);
    if (w.pads.empty()) w.pads.assign(2 * spatial, 0);
    return w;
}

bool window_valid(const Window& w, size_t spatial) {
    if (w.kernel.size() != spatial || w.strides.size() != spatial || w.dilations.size() != spatial ||
        w.pads.size() != 2 * spatial)
        return false;
    for (size_t i = 0; i < spatial; ++i)
        if (w.kernel[i] < 1 || w.strides[i] < 1 || w.dilations[i] < 1 || w.pads[i] < 0 || w.pads[i + spatial] < 0 ||
            w.kernel[i] > kMaxDim || w.dilations[i] > kMaxGeometry || w.pads[i] > kMaxGeometry ||
            w.pads[i + spatial] > kMaxGeometry)
            return false;
    return true;
}

// Output length of one spatial axis, or unknown.
Dim window_output(const Dim& in, const Window& w, size_t i, size_t spatial) {
    if (!in.known()) return Dim{};
    const int64_t effective = w.dilations[i] * (w.kernel[i] - 1) + 1;
    if (w.auto_pad == "SAME_UPPER" || w.auto_pad == "SAME_LOWER") return Dim::of((in.value + w.strides[i] - 1) / w.strides[i]);
    const int64_t padded = in.value + (w.auto_pad == "VALID" ? 0 : w.pads[i] + w.pads[i + spatial]);
    if (padded < effective) return Dim{};
    const int64_t span = padded - effective;
    int64_t out = (w.ceil_mode ? (span + w.strides[i] - 1) / w.strides[i] : span / w.strides[i]) + 1;
    // With ceil_mode, the last window must start inside the input or its left padding.
    if (w.ceil_mode && (out - 1) * w.strides[i] >= in.value + w.pads[i]) --out;
    return Dim::of(out);
}

void infer_windowed(NodeContext& ctx, const Value& x, Dim channels, WindowList kernel) {
    if (x.rank() < 3) { ctx.note("expects an input of rank 3 or more, got " + ctx.dims_text(x.dims)); return; }
    const size_t spatial = x.rank() - 2;
    const Window w = read_window(ctx, spatial, std::move(kernel));
    if (!window_valid(w, spatial)) { ctx.note("inconsistent kernel, strides, pads or dilations"); return; }
    Dims dims{x.dims[0], std::move(channels)};
    for (size_t i = 0; i < spatial; ++i) dims.push_back(window_output(x.dims[i + 2], w, i, spatial));
    for (size_t i = 0; i < ctx.num_outputs(); ++i) {
        Value& out = ctx.out(i);
        out.reset_to(out.dtype == DType::Undefined ? x.dtype : out.dtype, dims);
    }
    if (ctx.num_outputs() > 1) ctx.out(1).dtype = DType::Int64;  // MaxPool's indices
}

}  // namespace

namespace {

// A convolution of `x` by `w` (Conv, DeformConv, ConvInteger, QLinearConv): the output's type is
// the one already set on it, else x's.
void conv_with(NodeContext& ctx, const Value* x, const Value* w) {
    if (!x || !w) return;
    if (w->rank() != x->rank()) { ctx.note("weight rank differs from input rank"); return; }
    if (w->rank() < 3) { ctx.note("a convolution needs [batch, channels, spatial...] inputs"); return; }
    WindowList kernel = attr_list(ctx, "kernel_shape");
    if (kernel.empty()) {
        for (size_t i = 2; i < w->rank(); ++i) {
            if (!w->dims[i].known()) return;
            kernel.push_back(w->dims[i].value);
        }
    }
    infer_windowed(ctx, *x, w->dims[0], std::move(kernel));
}

}  // namespace

void infer_conv(NodeContext& ctx) { conv_with(ctx, ctx.ranked(ConvIn::X), ctx.ranked(ConvIn::W)); }

void infer_conv_integer(NodeContext& ctx) {
    ctx.out(0).dtype = DType::Int32;
    conv_with(ctx, ctx.ranked(ConvIn::X), ctx.ranked(ConvIn::W));
}

void infer_qlinear_conv(NodeContext& ctx) {
    const Value* zero_point = ctx.in(QLinearConvIn::y_zero_point);
    ctx.out(0).dtype = zero_point ? zero_point->dtype : DType::UInt8;
    conv_with(ctx, ctx.ranked(QLinearConvIn::x), ctx.ranked(QLinearConvIn::w));
}

void infer_pool(NodeContext& ctx) {
    const Value* x = ctx.ranked(0);
    if (!x) return;
    if (x->rank() < 3) { ctx.note("expects an input of rank 3 or more"); return; }
    infer_windowed(ctx, *x, x->dims[1], attr_list(ctx, "kernel_shape"));
}

void infer_global_pool(NodeContext& ctx) {
    const Value* x = ctx.ranked(0);
    if (!x) return;
    if (x->rank() < 3) { ctx.note("expects an input of rank 3 or more"); return; }
    Dims dims{x->dims[0], x->dims[1]};
    dims.resize(x->rank(), Dim::of(1));
    ctx.out(0).reset_to(x->dtype, std::move(dims));
}

void infer_conv_transpose(NodeContext& ctx) {
    const Value* x = ctx.ranked(ConvIn::X);
    const Value* w = ctx.ranked(ConvIn::W);
    if (!x || !w) return;
    if (x->rank() < 3 || w->rank() != x->rank()) { ctx.note("weight rank differs from input rank"); return; }
    const size_t spatial = x->rank() - 2;
    WindowList kernel = attr_list(ctx, "kernel_shape");
    if (kernel.empty())
        for (size_t i = 2; i < w->rank(); ++i) kernel.push_back(w->dims[i].known() ? w->dims[i].value : 1);
    const Window win = read_window(ctx, spatial, kernel);
    if (!window_valid(win, spatial)) { ctx.note("inconsistent kernel, strides, pads or dilations"); return; }
    Ints output_padding = ctx.attr_ints("output_padding");
    output_padding.resize(spatial, 0);
    const Ints output_shape = ctx.attr_ints("output_shape");
    const int64_t group = ctx.attr_int("group", 1);
    Dim channels = w->dims[1].known() ? Dim::of(w->dims[1].value * group) : Dim{};
    Dims dims{x->dims[0], channels};
    for (size_t i = 0; i < spatial; ++i) {
        if (output_shape.size() == spatial) { dims.push_back(Dim::of(output_shape[i])); continue; }
        const Dim& in = x->dims[i + 2];
        if (!in.known() || in.value < 1) { dims.push_back(Dim{}); continue; }
        const int64_t full = win.strides[i] * (in.value - 1) + output_padding[i] + (kernel[i] - 1) * win.dilations[i] + 1;
        const bool same = win.auto_pad == "SAME_UPPER" || win.auto_pad == "SAME_LOWER";
        const int64_t out = same ? in.value * win.strides[i] : full - win.pads[i] - win.pads[i + spatial];
        dims.push_back(out >= 0 ? Dim::of(out) : Dim{});
    }
    ctx.out(0).reset_to(x->dtype, std::move(dims));
}

}  // namespace wattlayer
