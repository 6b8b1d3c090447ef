#pragma once
// FLOP rules, one per operator family (rules documented in core/docs/features.md), each with the
// name the registry's table shows. A multiply-add counts 2. They run after inference, only on
// layers whose shapes are fully known.
#include <string_view>

#include "shape/context.hpp"

namespace wattlayer {

// What a FLOP rule sees of a layer: its node, input and output values (all shapes known).
struct FlopContext : NodeInputs {
    Span<const Value*> outputs;  // an omitted output is an unknown Value, never nullptr
};

// `c` is the registry row's flops_per_element, the constant of the per-element rules.
using FlopRuleFn = int64_t (*)(const FlopContext& ctx, double c);
struct FlopRule {
    std::string_view name;
    FlopRuleFn fn = nullptr;
};

int64_t flops_per_output(const FlopContext& ctx, double c);  // c x output elements
int64_t flops_per_any_output(const FlopContext& ctx, double c);  // c x the elements of every output
int64_t flops_per_input(const FlopContext& ctx, double c);   // c x input-0 elements
int64_t flops_conv(const FlopContext& ctx, double c);
int64_t flops_conv_integer(const FlopContext& ctx, double c);
int64_t flops_qlinear_conv(const FlopContext& ctx, double c);
int64_t flops_deform_conv(const FlopContext& ctx, double c);
int64_t flops_conv_transpose(const FlopContext& ctx, double c);
int64_t flops_pool(const FlopContext& ctx, double c);
int64_t flops_matmul(const FlopContext& ctx, double c);
int64_t flops_gemm(const FlopContext& ctx, double c);
int64_t flops_qgemm(const FlopContext& ctx, double c);
int64_t flops_fused_matmul(const FlopContext& ctx, double c);
int64_t flops_einsum(const FlopContext& ctx, double c);
int64_t flops_rnn(const FlopContext& ctx, double c);
int64_t flops_resize(const FlopContext& ctx, double c);
int64_t flops_attention(const FlopContext& ctx, double c);
int64_t flops_linear_attention(const FlopContext& ctx, double c);
int64_t flops_ms_attention(const FlopContext& ctx, double c);
int64_t flops_cached_attention(const FlopContext& ctx, double c);
int64_t flops_matmul_nbits(const FlopContext& ctx, double c);

inline constexpr FlopRule kFlopsPerOutput{"flops_per_output", flops_per_output};
inline constexpr FlopRule kFlopsPerAnyOutput{"flops_per_any_output", flops_per_any_output};
inline constexpr FlopRule kFlopsPerInput{"flops_per_input", flops_per_input};
inline constexpr FlopRule kFlopsConv{"flops_conv", flops_conv};
inline constexpr FlopRule kFlopsConvInteger{"flops_conv_integer", flops_conv_integer};
inline constexpr FlopRule kFlopsQLinearConv{"flops_qlinear_conv", flops_qlinear_conv};
inline constexpr FlopRule kFlopsDeformConv{"flops_deform_conv", flops_deform_conv};
inline constexpr FlopRule kFlopsConvTranspose{"flops_conv_transpose", flops_conv_transpose};
inline constexpr FlopRule kFlopsPool{"flops_pool", flops_pool};
inline constexpr FlopRule kFlopsMatMul{"flops_matmul", flops_matmul};
inline constexpr FlopRule kFlopsGemm{"flops_gemm", flops_gemm};
inline constexpr FlopRule kFlopsQGemm{"flops_qgemm", flops_qgemm};
inline constexpr FlopRule kFlopsFusedMatMul{"flops_fused_matmul", flops_fused_matmul};
inline constexpr FlopRule kFlopsEinsum{"flops_einsum", flops_einsum};
inline constexpr FlopRule kFlopsRnn{"flops_rnn", flops_rnn};
inline constexpr FlopRule kFlopsResize{"flops_resize", flops_resize};
inline constexpr FlopRule kFlopsAttention{"flops_attention", flops_attention};
inline constexpr FlopRule kFlopsLinearAttention{"flops_linear_attention", flops_linear_attention};
inline constexpr FlopRule kFlopsMsAttention{"flops_ms_attention", flops_ms_attention};
inline constexpr FlopRule kFlopsCachedAttention{"flops_cached_attention", flops_cached_attention};
inline constexpr FlopRule kFlopsMatMulNBits{"flops_matmul_nbits", flops_matmul_nbits};

}  // namespace wattlayer
