#pragma once
// FLOP rules, one per operator family (rules documented in core/docs/features.md). A multiply-add
// counts 2. They run after inference and only on layers whose shapes are fully known.
#include "ops/op_table.hpp"

namespace wattlayer {

int64_t flops_zero(const NodeContext&, const OpRule&);
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

}  // namespace wattlayer
