#include "flops/flops.hpp"

#include <cmath>
#include <map>

#include "core_math.hpp"
#include "shape/einsum.hpp"

namespace wattlayer {
namespace {

int64_t numel_or_zero(const Value* v) {
    const int64_t n = v ? v->numel() : -1;
    return n < 0 ? 0 : n;
}

int64_t scaled(int64_t elements, double per_element, std::string_view what) {
    const double f = std::round(static_cast<double>(elements) * per_element);
    if (f >= 9.2e18) throw Error("overflow", "the FLOP count of " + std::string(what) + " overflows 64 bits");
    return static_cast<int64_t>(f);
}

int64_t mul(std::initializer_list<int64_t> factors, const FlopContext&) {
    int64_t p = 1;
    for (int64_t f : factors) p = checked_mul(p, f, "a FLOP count");
    return p;
}

// Product of a value's dims from `from` on; -1 when any is unknown.
int64_t tail_product(const Value& v, size_t from) {
    int64_t p = 1;
    for (size_t i = from; i < v.rank(); ++i) {
        if (!v.dims[i].known()) return -1;
        p = checked_mul(p, v.dims[i].value, "a kernel size");
    }
    return p;
}

}  // namespace

int64_t flops_per_output(const FlopContext& ctx, double c) {
    return scaled(numel_or_zero(ctx.outputs[0]), c, ctx.node.name);
}

int64_t flops_per_any_output(const FlopContext& ctx, double c) {
    int64_t elements = 0;
    for (const Value* v : ctx.outputs) elements = checked_add(elements, numel_or_zero(v), "an element count");
    return scaled(elements, c, ctx.node.name);
}

int64_t flops_per_input(const FlopContext& ctx, double c) {
    return scaled(numel_or_zero(ctx.in(0)), c, ctx.node.name);
}

namespace {

// 2 x output elements x (input channels per group x kernel area), plus one add per output for a bias.
int64_t conv_flops(const FlopContext& ctx, const Value* w, bool bias) {
    const int64_t out = numel_or_zero(ctx.outputs[0]);
    const int64_t per_output = w ? tail_product(*w, 1) : -1;
    if (per_output < 0) return 0;
    return checked_add(mul({2, out, per_output}, ctx), bias ? out : 0, "a FLOP count");
}

}  // namespace

int64_t flops_conv(const FlopContext& ctx, double) { return conv_flops(ctx, ctx.ranked(ConvIn::W), ctx.in(ConvIn::B)); }
int64_t flops_conv_integer(const FlopContext& ctx, double) { return conv_flops(ctx, ctx.ranked(ConvIntegerIn::w), false); }
int64_t flops_qlinear_conv(const FlopContext& ctx, double) {
    return conv_flops(ctx, ctx.ranked(QLinearConvIn::w), ctx.in(QLinearConvIn::B));
}

// A convolution at offset positions: the convolution, plus a bilinear sample (4 points, 2 FLOPs
// each) of every input channel at every kernel tap of every output position, and the mask's product.
int64_t flops_deform_conv(const FlopContext& ctx, double) {
    const Value* w = ctx.ranked(DeformConvIn::W);
    const Value& y = *ctx.outputs[0];
    const int64_t conv = conv_flops(ctx, w, ctx.in(DeformConvIn::B));
    if (!w || w->rank() < 3 || y.rank() < 3) return conv;
    const int64_t positions = tail_product(y, 2), taps = tail_product(*w, 1);  // taps: in channels per group x kernel
    const int64_t samples = mul({y.dims[0].value, positions, taps}, ctx);
    return checked_add(conv, mul({samples, ctx.in(DeformConvIn::mask) ? 9 : 8}, ctx), "a FLOP count");
}

// Each input element is scattered through the kernel into every output channel of its group.
int64_t flops_conv_transpose(const FlopContext& ctx, double) {
    const Value* w = ctx.ranked(ConvIn::W);
    const int64_t per_input = w ? tail_product(*w, 1) : -1;
    if (per_input < 0) return 0;
    const int64_t out = numel_or_zero(ctx.outputs[0]);
    return checked_add(mul({2, numel_or_zero(ctx.in(ConvIn::X)), per_input}, ctx), ctx.in(ConvIn::B) ? out : 0, "a FLOP count");
}

// One comparison or addition per window element, per output element (plus the average's divide).
int64_t flops_pool(const FlopContext& ctx, double c) {
    int64_t window = 1;
    const Attribute* kernel = ctx.node.attribute("kernel_shape");
    for (int64_t k : kernel ? kernel->ints : Span<int64_t>{})
        window = checked_mul(window, k, "a pooling window");
    return checked_add(mul({numel_or_zero(ctx.outputs[0]), window}, ctx),
                       scaled(numel_or_zero(ctx.outputs[0]), c, ctx.node.name), "a FLOP count");
}

int64_t flops_matmul(const FlopContext& ctx, double) {
    const Value* a = ctx.ranked(MatMulIn::A);
    if (!a || a->rank() == 0 || !a->dims.back().known()) return 0;
    return mul({2, numel_or_zero(ctx.outputs[0]), a->dims.back().value}, ctx);
}

namespace {

// 2 x M x N x K, plus one add per output for a bias C (at input `bias`).
int64_t gemm_flops(const FlopContext& ctx, const Value* a, size_t bias) {
    if (!a || a->rank() != 2) return 0;
    const Dim& k = a->dims[ctx.node.attribute("transA") && ctx.node.attribute("transA")->i ? 0 : 1];
    if (!k.known()) return 0;
    const int64_t out = numel_or_zero(ctx.outputs[0]);
    return checked_add(mul({2, out, k.value}, ctx), ctx.in(bias) ? out : 0, "a FLOP count");
}

}  // namespace

int64_t flops_gemm(const FlopContext& ctx, double) { return gemm_flops(ctx, ctx.ranked(GemmIn::A), GemmIn::C); }
int64_t flops_qgemm(const FlopContext& ctx, double) { return gemm_flops(ctx, ctx.ranked(QGemmIn::A), QGemmIn::C); }

// FusedMatMul: 2 x output elements x K, K being A's second-to-last axis when A is transposed.
int64_t flops_fused_matmul(const FlopContext& ctx, double) {
    const Value* a = ctx.ranked(MatMulIn::A);
    if (!a || a->rank() < 2) return 0;
    const Dim& k = a->dims[a->rank() - (ctx.node.attribute("transA") && ctx.node.attribute("transA")->i ? 2 : 1)];
    return k.known() ? mul({2, numel_or_zero(ctx.outputs[0]), k.value}, ctx) : 0;
}

// Two operands: a multiply-add for every combination of all labels. One operand: a sum per input element.
int64_t flops_einsum(const FlopContext& ctx, double) {
    const Attribute* a = ctx.node.attribute("equation");
    const auto eq = parse_einsum(a ? a->s : std::string_view(), ctx.num_inputs());
    if (!eq) return 0;
    if (ctx.num_inputs() == 1) return numel_or_zero(ctx.in(0));
    std::map<char, Dim> sizes;
    Dims ellipsis;
    for (size_t i = 0; i < ctx.num_inputs(); ++i)
        if (!ctx.ranked(i) || !bind_einsum_operand(eq->inputs[i], ctx.in(i)->dims, sizes, ellipsis)) return 0;
    int64_t p = mul({2, static_cast<int64_t>(ctx.num_inputs()) - 1}, ctx);
    for (const auto& [label, d] : sizes) p = d.known() ? mul({p, d.value}, ctx) : 0;
    for (const auto& d : ellipsis) p = d.known() ? mul({p, d.value}, ctx) : 0;
    return p;
}

// Per step, direction and sequence: the gate matmuls 2 x gates x hidden x (input + hidden), plus
// `flops_per_element` x hidden for the gate non-linearities and state updates.
int64_t flops_rnn(const FlopContext& ctx, double c) {
    const Value* x = ctx.ranked(RnnIn::X);
    const Value* w = ctx.ranked(RnnIn::W);
    const Value& y = *ctx.outputs[0];
    if (!x || !w || x->rank() != 3 || w->rank() != 3 || !y.shape_known() || !x->shape_known() || !w->shape_known()) return 0;
    const int64_t gates_hidden = w->dims[1].value, input = x->dims[2].value;
    const int64_t hidden = y.dims[3].value;
    const int64_t steps = y.numel() / std::max<int64_t>(hidden, 1);  // sequence x directions x batch
    const int64_t per_step = checked_add(mul({2, gates_hidden, checked_add(input, hidden, "an RNN size")}, ctx),
                                         scaled(hidden, c, ctx.node.name), "a FLOP count");
    return mul({steps, per_step}, ctx);
}

// Nearest: no arithmetic. Linear: 2 per interpolation axis pair (a lerp) over 2^axes points.
int64_t flops_resize(const FlopContext& ctx, double) {
    const Attribute* mode = ctx.node.attribute("mode");
    const std::string_view m = mode ? mode->s : std::string_view("nearest");
    if (m == "nearest") return 0;
    const Value* x = ctx.ranked(0);
    const Value& y = *ctx.outputs[0];
    int axes = 0;
    if (x && x->rank() == y.rank())
        for (size_t i = 0; i < y.rank(); ++i) axes += !(x->dims[i] == y.dims[i]);
    const int64_t points = int64_t{1} << std::min(axes, 8) << (m == "cubic" ? std::min(axes, 8) : 0);
    return mul({numel_or_zero(&y), 2, points}, ctx);
}

// Q x K^T, softmax over the scores and scores x V, over the whole key sequence (a past cache
// included): 2 x B x q heads x S x total x (head size + V head size) + softmax per score.
int64_t flops_attention(const FlopContext& ctx, double c) {
    const Value* q = ctx.ranked(AttentionIn::Q);
    const Value& y = *ctx.outputs[0];
    const Value* k = ctx.ranked(AttentionIn::K);
    if (!q || !k || q->rank() != k->rank() || q->rank() < 3 || !q->shape_known() || !k->shape_known()) return 0;
    const int64_t rank = static_cast<int64_t>(q->rank());
    int64_t total = k->dims[static_cast<size_t>(rank == 4 ? 2 : 1)].value;
    if (const Value* past = ctx.ranked(AttentionIn::past_key); past && past->rank() == 4) {
        if (!past->dims[2].known()) return 0;
        total = checked_add(total, past->dims[2].value, "a FLOP count");
    }
    const int64_t qk = mul({2, q->numel(), total}, ctx);
    const int64_t pv = mul({2, y.numel(), total}, ctx);
    // Rank 4 is [B, heads, S, D]; rank 3 is [B, S, heads x D], with the heads in an attribute.
    const int64_t heads = rank == 4 ? 1 : std::max<int64_t>(ctx.attr_int("q_num_heads", 1), 1);
    const int64_t scores = mul({q->numel() / std::max<int64_t>(q->dims.back().value, 1), heads, total}, ctx);
    return checked_add(checked_add(qk, pv, "a FLOP count"), scaled(scores, c, ctx.node.name), "a FLOP count");
}

// Per token, each query head reads the recurrent state (2 dk dv) and each key/value head updates
// it (2 dk dv for k^T v, dk dv for the decay or the delta rule).
int64_t flops_linear_attention(const FlopContext& ctx, double) {
    const Value* q = ctx.ranked(LinearAttentionIn::query);
    const Value* k = ctx.ranked(LinearAttentionIn::key);
    const Value* v = ctx.ranked(LinearAttentionIn::value);
    if (!q || !k || !v || q->rank() != k->rank() || q->rank() != v->rank()) return 0;
    int64_t tokens, q_heads, kv_heads, dk, dv;
    if (q->rank() == 4) {
        tokens = mul({q->dims[0].value, q->dims[2].value}, ctx);
        q_heads = q->dims[1].value, kv_heads = k->dims[1].value, dk = k->dims[3].value, dv = v->dims[3].value;
    } else if (q->rank() == 3) {
        q_heads = ctx.attr_int("q_num_heads", 0), kv_heads = ctx.attr_int("kv_num_heads", 0);
        if (q_heads <= 0 || kv_heads <= 0) return 0;
        tokens = mul({q->dims[0].value, q->dims[1].value}, ctx);
        dk = k->dims[2].value / kv_heads, dv = v->dims[2].value / kv_heads;
    } else {
        return 0;
    }
    const int64_t per_head_pair = mul({dk, dv}, ctx);
    return mul({tokens, checked_add(mul({2, q_heads}, ctx), mul({3, kv_heads}, ctx), "a FLOP count"), per_head_pair}, ctx);
}

namespace {

// Q x K^T and scores x V for `heads` heads of S queries over T keys, plus `c` per score (softmax).
int64_t attention_core(const FlopContext& ctx, int64_t batch, int64_t heads, int64_t s, int64_t t, int64_t dk, int64_t dv, double c) {
    const int64_t scores = mul({batch, heads, s, t}, ctx);
    return checked_add(mul({2, scores, checked_add(dk, dv, "a head size")}, ctx), scaled(scores, c, ctx.node.name), "a FLOP count");
}

// A present cache [B, heads, T, head size] (or com.microsoft Attention's [2, B, heads, T, head size]) when known.
const Value* known_cache(const FlopContext& ctx, size_t output, size_t rank) {
    if (output >= ctx.outputs.size()) return nullptr;
    const Value* v = ctx.outputs[output];
    return v->rank() == rank && v->shape_known() ? v : nullptr;
}

}  // namespace

// com.microsoft Attention: the Q, K, V projection (2 x B x S x hidden x weights' columns), then attention.
int64_t flops_ms_attention(const FlopContext& ctx, double c) {
    const Value* x = ctx.ranked(MsAttentionIn::input);
    const Value* w = ctx.ranked(MsAttentionIn::weights);
    const Value& y = *ctx.outputs[0];
    const int64_t heads = ctx.attr_int("num_heads", 0);
    if (!x || !w || x->rank() != 3 || w->rank() != 2 || heads <= 0) return 0;
    const int64_t projection = mul({2, x->numel(), w->dims[1].value}, ctx);
    const Value* present = known_cache(ctx, 1, 5);
    const int64_t t = present ? present->dims[3].value : x->dims[1].value;
    const Ints sizes = ctx.attr_ints("qkv_hidden_sizes");
    const int64_t dk = (sizes.size() == 3 ? sizes[0] : w->dims[1].value / 3) / heads;
    const int64_t dv = y.dims[2].value / heads;
    return checked_add(projection, attention_core(ctx, x->dims[0].value, heads, x->dims[1].value, t, dk, dv, c), "a FLOP count");
}

// MultiHeadAttention and GroupQueryAttention: attention over the whole cache (the present key's
// length when known, else the new keys'); heads of query and output, [B, S, heads x head size].
int64_t flops_cached_attention(const FlopContext& ctx, double c) {
    const Value& y = *ctx.outputs[0];
    const int64_t heads = ctx.attr_int("num_heads", 0);
    if (y.rank() != 3 || heads <= 0) return 0;
    const int64_t dv = y.dims[2].value / heads;
    int64_t t = y.dims[1].value, dk = dv;
    if (const Value* present = known_cache(ctx, 1, 4)) {
        t = present->dims[2].value;
        dk = present->dims[3].value;
    } else if (const Value* k = ctx.ranked(MultiHeadAttentionIn::key); k && k->rank() == 3 && ctx.node.op == "MultiHeadAttention") {
        t = k->dims[1].value;
    }
    return attention_core(ctx, y.dims[0].value, heads, y.dims[1].value, t, dk, dv, c);
}

// MatMulNBits: 2 x output elements x K.
int64_t flops_matmul_nbits(const FlopContext& ctx, double) {
    return mul({2, numel_or_zero(ctx.outputs[0]), std::max<int64_t>(ctx.attr_int("K", 0), 0)}, ctx);
}

}  // namespace wattlayer

