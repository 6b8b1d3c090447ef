// Spatial sampling and cropping: GridSample, AffineGrid, CenterCropPad, MaxUnpool, Det.
#include "core_math.hpp"
#include "shape/rules.hpp"

namespace wattlayer {

// X [N, C, D1..Dr] sampled at grid [N, D1'..Dr', r]: Y [N, C, D1'..Dr'].
void infer_grid_sample(NodeContext& ctx) {
    const Value* x = ctx.ranked(GridSampleIn::X);
    const Value* grid = ctx.ranked(GridSampleIn::grid);
    if (!x || !grid) return;
    if (x->rank() < 3 || grid->rank() != x->rank()) { ctx.note("expects X [N, C, D...] and a grid [N, D'..., r] of the same rank"); return; }
    Dims dims{x->dims[0], x->dims[1]};
    dims.append(grid->dims.begin() + 1, grid->dims.end() - 1);
    ctx.out(0).reset_to(x->dtype, std::move(dims));
}

// theta [N, 2, 3] (2-D) or [N, 3, 4] (3-D) and size [N, C, H, W] or [N, C, D, H, W]: the grid
// [N, H, W, 2] or [N, D, H, W, 3].
void infer_affine_grid(NodeContext& ctx) {
    const Value* theta = ctx.ranked(AffineGridIn::theta);
    const Value* size_in = ctx.in(AffineGridIn::size);
    const std::optional<Ints> size = size_in ? size_in->ints() : std::nullopt;
    const DType dtype = theta ? theta->dtype : DType::Float;
    if (!size) return;
    if (size->size() != 4 && size->size() != 5) { ctx.note("size must be [N, C, H, W] or [N, C, D, H, W]"); return; }
    Dims dims{Dim::of((*size)[0])};
    for (size_t i = 2; i < size->size(); ++i) dims.push_back(Dim::of((*size)[i]));
    dims.push_back(Dim::of(static_cast<int64_t>(size->size()) - 2));
    ctx.out(0).reset_to(dtype, std::move(dims));
}

// The input cropped or padded, centred, to `shape` on `axes` (all axes by default).
void infer_center_crop_pad(NodeContext& ctx) {
    const Value* x = ctx.ranked(CenterCropPadIn::input_data);
    const Value* shape_in = ctx.in(CenterCropPadIn::shape);
    const std::optional<Ints> shape = shape_in ? shape_in->ints() : std::nullopt;
    if (!x || !shape) return;
    Ints axes = ctx.attr_ints("axes");
    if (axes.empty())
        for (size_t i = 0; i < x->rank(); ++i) axes.push_back(static_cast<int64_t>(i));
    if (axes.size() != shape->size()) { ctx.note("shape and axes differ in length"); return; }
    Dims dims = x->dims;
    for (size_t k = 0; k < axes.size(); ++k) {
        const auto axis = norm_axis(axes[k], static_cast<int64_t>(x->rank()));
        if (!axis || (*shape)[k] < 0) { ctx.note("invalid axes or shape"); return; }
        dims[static_cast<size_t>(*axis)] = Dim::of((*shape)[k]);
    }
    ctx.out(0).reset_to(x->dtype, std::move(dims));
}

// output_shape when given; else (in - 1) x stride + kernel - pads per spatial axis.
void infer_max_unpool(NodeContext& ctx) {
    const Value* x = ctx.ranked(MaxUnpoolIn::X);
    if (!x) return;
    if (const Value* given = ctx.in(MaxUnpoolIn::output_shape)) {
        const std::optional<Ints> shape = given->ints();
        if (!shape) return;
        Dims dims;
        for (int64_t d : *shape) dims.push_back(d >= 0 ? Dim::of(d) : Dim{});
        ctx.out(0).reset_to(x->dtype, std::move(dims));
        return;
    }
    const Ints kernel = ctx.attr_ints("kernel_shape");
    const Ints strides = ctx.attr_ints("strides");
    const Ints pads = ctx.attr_ints("pads");
    if (x->rank() < 3 || kernel.size() != x->rank() - 2) { ctx.note("kernel_shape must cover the spatial axes"); return; }
    Dims dims{x->dims[0], x->dims[1]};
    for (size_t i = 0; i < kernel.size(); ++i) {
        const Dim& in = x->dims[i + 2];
        const int64_t stride = i < strides.size() ? strides[i] : 1;
        const int64_t pad = pads.size() == 2 * kernel.size() ? pads[i] + pads[i + kernel.size()] : 0;
        dims.push_back(in.known() ? Dim::of(checked_add(checked_mul(in.value - 1, stride, "an unpooled size"), kernel[i] - pad, "an unpooled size"))
                                  : Dim{});
    }
    ctx.out(0).reset_to(x->dtype, std::move(dims));
}

// [*, M, M] -> [*].
void infer_det(NodeContext& ctx) {
    const Value* x = ctx.ranked(0);
    if (!x) return;
    if (x->rank() < 2) { ctx.note("expects [*, M, M]"); return; }
    ctx.out(0).reset_to(x->dtype, Dims(x->dims.begin(), x->dims.end() - 2));
}

}  // namespace wattlayer
