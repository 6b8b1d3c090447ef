#pragma once
// The one operator registry: for each ONNX operator, its category, its shape rule, its FLOP rule
// and which inputs carry shapes or indices rather than data. Adding an operator is one row.
#include <cstdint>
#include <string_view>

#include "shape/context.hpp"

namespace wattlayer {

enum class Category { Conv, MatMul, Elementwise, Normalization, Pooling, Reduction, DataMovement, Attention, Other };
std::string_view category_name(Category c);

using ShapeRule = void (*)(NodeContext&);
struct OpRule;
using FlopRule = int64_t (*)(const NodeContext&, const OpRule&);

// How a layer touches memory.
enum class Memory : uint8_t {
    Full,        // reads every data input, writes every output
    View,        // metadata only (Reshape, Squeeze, ...): no bytes move
    OutputSized, // reads only as many elements of input 0 as it writes (Gather, Slice)
};

struct OpRule {
    std::string_view op;
    Category category;
    ShapeRule infer;
    FlopRule flops;
    double flops_per_element;  // the constant of the per-element FLOP rules
    uint32_t shape_inputs;     // bit i: input i carries a shape/indices/axes, not data or weights
    Memory memory;
};

// nullptr when the operator is not in the registry (or its domain is not ai.onnx).
const OpRule* find_op(std::string_view domain, std::string_view op);

// All rows, sorted by name (for tests and documentation).
const OpRule* op_table_begin();
const OpRule* op_table_end();

}  // namespace wattlayer
