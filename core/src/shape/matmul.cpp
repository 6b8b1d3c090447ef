// Matrix-multiplication family: MatMul (numpy semantics), Gemm, Einsum.
#include <map>

#include "shape/einsum.hpp"
#include "shape/fold.hpp"
#include "shape/rules.hpp"

namespace wattlayer {

namespace {

// numpy's matmul of `a` by `b`, in `dtype` (a's when Undefined).
void matmul_with(NodeContext& ctx, const Value* a, const Value* b, DType dtype) {
    if (!a || !b) return;
    if (a->rank() == 0 || b->rank() == 0) { ctx.note("MatMul operands must have rank 1 or more"); return; }
    // A rank-1 operand is a matrix [1, K] (or [K, 1]) whose added axis is dropped from the
    // result; the axes before the last two are batch axes, broadcast.
    const bool a_vector = a->rank() == 1, b_vector = b->rank() == 1;
    const Dim& k_a = a->dims[a->rank() - 1];
    const Dim& k_b = b->dims[b_vector ? 0 : b->rank() - 2];
    if (k_a.known() && k_b.known() && k_a.value != k_b.value) {
        ctx.note("inner dimensions differ: " + ctx.dims_text(a->dims) + " x " + ctx.dims_text(b->dims));
        return;
    }
    const size_t batch_a = a_vector ? 0 : a->rank() - 2, batch_b = b_vector ? 0 : b->rank() - 2;
    Value& y = ctx.out(0);
    Dims& dims = y.reset_to(dtype == DType::Undefined ? a->dtype : dtype);  // built where it stays: an output is never an input
    dims.append(a->dims.begin(), a->dims.begin() + batch_a);
    if (!broadcast_into(dims, {b->dims.data(), batch_b})) {
        ctx.note("batch dimensions do not broadcast");
        y = Value();
        return;
    }
    if (!a_vector) dims.push_back(a->dims[a->rank() - 2]);
    if (!b_vector) dims.push_back(b->dims[b->rank() - 1]);
}

}  // namespace

void infer_matmul(NodeContext& ctx) { matmul_with(ctx, ctx.ranked(MatMulIn::A), ctx.ranked(MatMulIn::B), DType::Undefined); }

void infer_matmul_integer(NodeContext& ctx) { matmul_with(ctx, ctx.ranked(MatMulIntegerIn::A), ctx.ranked(MatMulIntegerIn::B), DType::Int32); }

void infer_qlinear_matmul(NodeContext& ctx) {
    const Value* zero_point = ctx.in(QLinearMatMulIn::y_zero_point);
    matmul_with(ctx, ctx.ranked(QLinearMatMulIn::a), ctx.ranked(QLinearMatMulIn::b), zero_point ? zero_point->dtype : DType::UInt8);
}

namespace {

// A x B as Gemm multiplies them (matrices, transposed as the attributes say), in `dtype` (A's when
// Undefined).
void gemm_with(NodeContext& ctx, const Value* a, const Value* b, DType dtype) {
    if (!a || !b) return;
    if (a->rank() != 2 || b->rank() != 2) { ctx.note("Gemm operands must be matrices"); return; }
    const bool ta = ctx.attr_int("transA", 0) != 0, tb = ctx.attr_int("transB", 0) != 0;
    const Dim& m = a->dims[ta ? 1 : 0];
    const Dim& n = b->dims[tb ? 0 : 1];
    const Dim& ka = a->dims[ta ? 0 : 1];
    const Dim& kb = b->dims[tb ? 1 : 0];
    if (ka.known() && kb.known() && ka.value != kb.value) { ctx.note("inner dimensions differ"); return; }
    ctx.out(0).reset_to(dtype == DType::Undefined ? a->dtype : dtype, {m, n});
}

// `v` with its last two axes swapped when `transpose`.
Value transposed_last_two(const Value& v, bool transpose) {
    Value t = Value::with_dims(v.dtype, v.dims);
    if (transpose && t.rank() >= 2) std::swap(t.dims[t.rank() - 1], t.dims[t.rank() - 2]);
    return t;
}

}  // namespace

void infer_gemm(NodeContext& ctx) { gemm_with(ctx, ctx.ranked(GemmIn::A), ctx.ranked(GemmIn::B), DType::Undefined); }

// QGemm (com.microsoft): A (input 0) by B (input 3), in the output zero point's type when given, else float.
void infer_qgemm(NodeContext& ctx) {
    const Value* zero_point = ctx.in(QGemmIn::y_zero_point);
    gemm_with(ctx, ctx.ranked(QGemmIn::A), ctx.ranked(QGemmIn::B), zero_point ? zero_point->dtype : DType::Float);
}

// FusedMatMul (com.microsoft): MatMul with the last two axes of A or B transposed first.
void infer_fused_matmul(NodeContext& ctx) {
    const Value* a = ctx.ranked(MatMulIn::A);
    const Value* b = ctx.ranked(MatMulIn::B);
    if (!a || !b) return;
    const Value ta = transposed_last_two(*a, ctx.attr_int("transA", 0) != 0), tb = transposed_last_two(*b, ctx.attr_int("transB", 0) != 0);
    matmul_with(ctx, &ta, &tb, DType::Undefined);
}

void infer_einsum(NodeContext& ctx) {
    const auto eq = parse_einsum(ctx.attr_string("equation", ""), ctx.num_inputs());
    if (!eq) { ctx.note("cannot parse the einsum equation"); return; }
    std::map<char, Dim> sizes;
    Dims ellipsis;
    DType dtype = DType::Undefined;
    for (size_t i = 0; i < ctx.num_inputs(); ++i) {
        const Value* v = ctx.ranked(i);
        if (!v) return;
        dtype = v->dtype;
        const auto bound = bind_einsum_operand(eq->inputs[i], v->dims, sizes, ellipsis);
        if (!bound) { ctx.note("operand " + std::to_string(i) + " does not match the equation"); return; }
    }
    Dims dims;
    for (char c : eq->output) {
        if (c == '.') dims.insert(dims.end(), ellipsis.begin(), ellipsis.end());
        else dims.push_back(sizes[c]);
    }
    ctx.out(0).reset_to(dtype, std::move(dims));
}

}  // namespace wattlayer
