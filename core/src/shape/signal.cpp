// Signal processing: DFT, STFT, the window functions and MelWeightMatrix. Complex tensors are real
// tensors with a last axis of 2 (real, imaginary).
#include "shape/rules.hpp"

namespace wattlayer {
namespace {

void dft_along(NodeContext& ctx, int64_t axis) {
    const Value* x = ctx.ranked(DftIn::input);
    if (!x) return;
    if (x->rank() < 2) { ctx.note("expects [batch, signal..., 1 or 2]"); return; }
    const auto a = norm_axis(axis, static_cast<int64_t>(x->rank()));
    if (!a || static_cast<size_t>(*a) + 1 >= x->rank()) { ctx.note("axis out of range"); return; }
    Dims dims = x->dims;
    Dim& length = dims[static_cast<size_t>(*a)];
    const bool onesided = ctx.attr_int("onesided", 0) != 0, inverse = ctx.attr_int("inverse", 0) != 0;
    if (ctx.in(DftIn::dft_length)) {
        const auto given = ctx.scalar_input(DftIn::dft_length);
        length = given && *given >= 0 ? Dim::of(*given) : Dim{};
    } else if (onesided && inverse && length.known()) {
        length = Dim::of(2 * (length.value - 1));  // a half spectrum back to its real signal
    }
    if (onesided && !inverse && length.known()) length = Dim::of(length.value / 2 + 1);
    dims.back() = Dim::of(onesided && inverse ? 1 : 2);
    ctx.out(0).reset_to(x->dtype, std::move(dims));
}

}  // namespace

// DFT-17: the axis is an attribute (default 1).
void infer_dft_axis_attribute(NodeContext& ctx) { dft_along(ctx, ctx.attr_int("axis", 1)); }

// DFT-20: the axis is input 2 (default -2, the last signal axis).
void infer_dft(NodeContext& ctx) {
    if (ctx.in(DftIn::axis) && !ctx.scalar_input(DftIn::axis)) return;  // unknown axis
    dft_along(ctx, ctx.in(DftIn::axis) ? *ctx.scalar_input(DftIn::axis) : -2);
}

// [batch, frames, bins, 2]: frames = (signal length - frame length) / frame step + 1; the frame
// length is input 3's or the window's; bins = frame length, or half of it + 1 when onesided.
void infer_stft(NodeContext& ctx) {
    const Value* signal = ctx.ranked(StftIn::signal);
    if (!signal) return;
    if (signal->rank() != 3) { ctx.note("expects a signal [batch, length, 1 or 2]"); return; }
    std::optional<int64_t> frame_length = ctx.scalar_input(StftIn::frame_length);
    const Value* window = ctx.ranked(StftIn::window);
    if (!frame_length && window && window->rank() == 1 && window->dims[0].known()) frame_length = window->dims[0].value;
    const auto step = ctx.scalar_input(StftIn::frame_step);
    const Dim& length = signal->dims[1];
    Dim frames, bins;
    if (frame_length && *frame_length > 0) {
        bins = Dim::of(ctx.attr_int("onesided", 1) != 0 ? *frame_length / 2 + 1 : *frame_length);
        if (step && *step > 0 && length.known() && length.value >= *frame_length) frames = Dim::of((length.value - *frame_length) / *step + 1);
    }
    ctx.out(0).reset_to(signal->dtype, {signal->dims[0], frames, bins, Dim::of(2)});
}

// HannWindow, HammingWindow, BlackmanWindow: [size], in output_datatype (float by default).
void infer_window(NodeContext& ctx) {
    const auto size = ctx.scalar_input(WindowIn::size);
    ctx.out(0).reset_to(dtype_from_code(ctx.attr_int("output_datatype", 1)), {size && *size >= 0 ? Dim::of(*size) : Dim{}});
}

// [dft_length / 2 + 1, num_mel_bins], in output_datatype (float by default).
void infer_mel_weight_matrix(NodeContext& ctx) {
    const auto bins = ctx.scalar_input(MelWeightMatrixIn::num_mel_bins);
    const auto length = ctx.scalar_input(MelWeightMatrixIn::dft_length);
    ctx.out(0).reset_to(dtype_from_code(ctx.attr_int("output_datatype", 1)),
                        {length && *length >= 0 ? Dim::of(*length / 2 + 1) : Dim{}, bins && *bins >= 0 ? Dim::of(*bins) : Dim{}});
}

}  // namespace wattlayer
