#pragma once
// The one operator registry. Each row is one operator of one domain from one opset version on, as
// ONNX registers them (domain, name, since_version): its category, shape rule, FLOP rule, which
// inputs carry shapes rather than data, how it touches memory, and the energy class and host
// group its calls are charged to. Adding an operator, or a version that changed, is one row.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "flops/flops.hpp"
#include "shape/context.hpp"
#include "wattlayer/energy.hpp"

namespace wattlayer {

// ClassicalMl: ai.onnx.ml's operators (trees, linear models, encoders), not neural layers.
enum class Category { Conv, MatMul, Elementwise, Normalization, Pooling, Reduction, DataMovement, Attention, ClassicalMl, Other };
std::string_view category_name(Category c);

using ShapeRule = void (*)(NodeContext&);

// How a layer touches memory.
enum class Memory : uint8_t {
    Full,        // reads every data input, writes every output
    View,        // metadata only (Reshape, Squeeze, ...): no bytes move
    OutputSized, // reads only as many elements of input 0 as it writes (Gather, Slice)
};
std::string_view memory_name(Memory m);

// How a recorded PyTorch call's arguments become the operator's inputs and attributes
// (io/torch_calls.cpp). Unsupported: the call is known (its host group counts for fitting) but
// not translated, so a model holding it reports it as unknown.
enum class TorchForm : uint8_t {
    Conv, ConvTranspose, Linear, Addmm, MatMul, Einsum, Sdpa, MultiHeadAttention, BatchNorm, LayerNorm,
    GroupNorm, Softmax, Unary, Clip, Binary, MaskedFill, Where, View, Copy, Concat, Cast, Create,
    Embedding, GatherElements, MaxPool, AvgPool, AdaptiveAvgPool, Interpolate, Reduce, Pad, Unsupported,
};

// A PyTorch function that eager PyTorch runs for an operator: its short name ("conv2d"), how its
// arguments translate, and the host group its measured calls belong to when not the operator's.
struct TorchCall {
    std::string_view func;
    TorchForm form = TorchForm::Unsupported;
    std::optional<HostGroup> host;
};
// A row's PyTorch calls (a constant array of them).
struct TorchCalls {
    const TorchCall* first = nullptr;
    size_t count = 0;
    constexpr TorchCalls() = default;
    template <size_t N>
    constexpr TorchCalls(const TorchCall (&calls)[N]) : first(calls), count(N) {}  // NOLINT: rows name an array
    const TorchCall* begin() const { return first; }
    const TorchCall* end() const { return first + count; }
};

struct OpRule {
    std::string_view domain;          // "" is ai.onnx
    std::string_view op;
    int since_version = 1;            // the first opset version of its domain this row applies to
    Category category = Category::Other;
    ShapeRule infer = nullptr;
    FlopRule flops;                   // no function: the operator does no arithmetic
    double flops_per_element = 0;     // the constant of the per-element FLOP rules
    uint32_t shape_inputs = 0;        // bit i: input i carries a shape/indices/axes, not data or weights
    Memory memory = Memory::Full;
    // The fitted class and host group the layer's call is charged to; unset: its category's.
    std::optional<EnergyClass> energy;
    std::optional<HostGroup> host;
    TorchCalls torch;  // the PyTorch functions that this operator stands for (torch call records)

    // Whether input `i` carries a shape, indices, axes or a scalar rather than data or weights.
    bool is_shape_input(size_t i) const { return i < 32 && ((shape_inputs >> i) & 1u); }
};

inline constexpr int64_t kLatestOpset = 1000;  // above every version: the newest rows

// The row for `op` of `domain` at `opset` (the newest row with since_version <= opset; the oldest
// row when the file's opset predates them all); nullptr when the operator is not in the registry.
const OpRule* find_op(std::string_view domain, std::string_view op, int64_t opset = kLatestOpset);
// The ai.onnx opset whose rows apply to `model`'s nodes.
int64_t rules_opset(const Model& model);

// The energy class and host group of a row (its category's when the row sets none).
EnergyClass energy_class(const OpRule& rule);
HostGroup host_group(const OpRule& rule);

// The row and entry of a PyTorch function (its short name); nullptr when no row lists it.
struct TorchEntry {
    const OpRule* rule;
    const TorchCall* call;
};
const TorchEntry* find_torch_call(std::string_view func);

// Every row, sorted by (domain, operator, since_version).
Span<const OpRule> op_table();

}  // namespace wattlayer
