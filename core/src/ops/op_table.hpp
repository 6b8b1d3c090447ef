#pragma once
// The one operator registry. Each row is one operator of one domain from one opset version on, as
// ONNX registers them (domain, name, since_version): its category, shape rule, FLOP rule, which
// inputs carry shapes rather than data, how it touches memory, and the energy class and host
// group its calls are charged to. Adding an operator, or a version that changed, is one row.
#include <cstdint>
#include <optional>
#include <string_view>

#include "shape/context.hpp"
#include "wattlayer/energy.hpp"

namespace wattlayer {

enum class Category { Conv, MatMul, Elementwise, Normalization, Pooling, Reduction, DataMovement, Attention, Other };
std::string_view category_name(Category c);

using ShapeRule = void (*)(NodeContext&);
struct OpRule;
using FlopRuleFn = int64_t (*)(const NodeContext&, const OpRule&);
// A FLOP rule and its name (the operator table in core/docs/features.md shows it).
struct FlopRule {
    std::string_view name;
    FlopRuleFn fn = nullptr;
};

// How a layer touches memory.
enum class Memory : uint8_t {
    Full,        // reads every data input, writes every output
    View,        // metadata only (Reshape, Squeeze, ...): no bytes move
    OutputSized, // reads only as many elements of input 0 as it writes (Gather, Slice)
};
std::string_view memory_name(Memory m);

// Input positions as bits, for OpRule::shape_inputs.
constexpr uint32_t input_bit(int i) { return 1u << i; }

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

// Every row, sorted by (domain, operator, since_version).
Span<const OpRule> op_table();

}  // namespace wattlayer
