#pragma once
// FLOP rules, one per operator family (rules documented in core/docs/features.md), each with the
// name the registry's table shows. A multiply-add counts 2. They run only on layers whose shapes
// are fully known.
#include "ops/op_table.hpp"

namespace wattlayer {

int64_t flops_per_output(const NodeContext& ctx, const OpRule& rule);  // c x output elements
int64_t flops_per_input(const NodeContext& ctx, const OpRule& rule);   // c x input-0 elements
int64_t flops_conv(const NodeContext& ctx, const OpRule& rule);
int64_t flops_conv_transpose(const NodeContext& ctx, const OpRule& rule);
int64_t flops_pool(const NodeContext& ctx, const OpRule& rule);
int64_t flops_matmul(const NodeContext& ctx, const OpRule& rule);
int64_t flops_gemm(const NodeContext& ctx, const OpRule& rule);
int64_t flops_einsum(const NodeContext& ctx, const OpRule& rule);
int64_t flops_rnn(const NodeContext& ctx, const OpRule& rule);
int64_t flops_resize(const NodeContext& ctx, const OpRule& rule);
int64_t flops_attention(const NodeContext& ctx, const OpRule& rule);

inline constexpr FlopRule kFlopsPerOutput{"flops_per_output", flops_per_output};
inline constexpr FlopRule kFlopsPerInput{"flops_per_input", flops_per_input};
inline constexpr FlopRule kFlopsConv{"flops_conv", flops_conv};
inline constexpr FlopRule kFlopsConvTranspose{"flops_conv_transpose", flops_conv_transpose};
inline constexpr FlopRule kFlopsPool{"flops_pool", flops_pool};
inline constexpr FlopRule kFlopsMatMul{"flops_matmul", flops_matmul};
inline constexpr FlopRule kFlopsGemm{"flops_gemm", flops_gemm};
inline constexpr FlopRule kFlopsEinsum{"flops_einsum", flops_einsum};
inline constexpr FlopRule kFlopsRnn{"flops_rnn", flops_rnn};
inline constexpr FlopRule kFlopsResize{"flops_resize", flops_resize};
inline constexpr FlopRule kFlopsAttention{"flops_attention", flops_attention};

}  // namespace wattlayer
