#pragma once
// The view a rule gets of one node while inference runs: its input values, the outputs to fill,
// its attributes and what the batch rewrite asks for. Rules never see the rest of the graph.
#include <optional>
#include <string>
#include <vector>

#include "shape/operator_inputs.hpp"
#include "shape/value.hpp"
#include "model/graph.hpp"

namespace wattlayer {

// `--batch N` rewrites the inputs' batch axis from `from` to `to`. Rules that meet a batch size
// baked into a constant (a Reshape target starting with `from`) rewrite it or report the layer.
struct BatchRewrite {
    bool active = false;
    int64_t from = 1;
    int64_t to = 1;
};

[[noreturn, gnu::noinline, gnu::cold]] void throw_geometry_out_of_range(std::string_view name, int64_t value);

// `value` of attribute `name`, or Error("invalid_model") when `name` is a geometry attribute
// (strides, dilations, pads, kernel_shape, output_padding, blocksize, group) past kMaxGeometry.
inline int64_t checked_geometry(std::string_view name, int64_t value) {
    if (value <= kMaxGeometry && value >= -kMaxGeometry) return value;  // nearly always: one compare
    static constexpr std::string_view kGeometry[] = {"strides", "dilations", "pads", "kernel_shape", "output_padding", "blocksize", "group"};
    for (std::string_view g : kGeometry)
        if (name == g) throw_geometry_out_of_range(name, value);
    return value;
}

// A node and its input values: what shape rules and FLOP rules both read.
struct NodeInputs {
    const Node& node;
    Span<const Value*> inputs;  // nullptr for an omitted optional input

    size_t num_inputs() const { return inputs.size(); }
    // The i-th input when present, else nullptr.
    const Value* in(size_t i) const { return i < inputs.size() ? inputs[i] : nullptr; }
    // The i-th input when present and of known rank.
    const Value* ranked(size_t i) const {
        const Value* v = in(i);
        return v && v->has_rank ? v : nullptr;
    }

    const Attribute* attr(std::string_view name) const { return node.attribute(name); }
    // Integer attributes are read through these two: a geometry attribute (strides, pads, ...)
    // past kMaxGeometry is Error("invalid_model") here, before any rule computes with it.
    int64_t attr_int(std::string_view name, int64_t fallback) const {
        const Attribute* a = attr(name);
        return a ? checked_geometry(name, a->i) : fallback;
    }
    double attr_float(std::string_view name, double fallback) const {
        const Attribute* a = attr(name);
        return a ? a->f : fallback;
    }
    // A view into the model (or of `fallback`): valid while the model is.
    std::string_view attr_string(std::string_view name, std::string_view fallback) const {
        const Attribute* a = attr(name);
        return a ? a->s : fallback;
    }
    Ints attr_ints(std::string_view name) const;
    bool has_attr(std::string_view name) const { return attr(name) != nullptr; }
    // An integer list that later opsets moved from an attribute to an input (axes, pads, ...).
    // Returns nullopt when the input is present but its values are not known.
    std::optional<Ints> ints_from_attr_or_input(std::string_view name, size_t input_index) const;
    // The value of a one-element integer input (a size, a length, an axis) when it is known.
    std::optional<int64_t> scalar_input(size_t i) const;
};

// What a shape rule gets: the node's inputs, the outputs to fill, and the pass's notes. A context
// is built for every node: it views the pass's lists rather than moving vectors in and out.
struct NodeContext : NodeInputs {
    const BatchRewrite& batch;
    Span<Value*> outputs;              // rules fill these (through out()); unknown by default
    std::vector<std::string>& notes;   // why something could not be inferred, for the warnings
    // Under a batch rewrite: this node's shape input as inferred at the exported batch. Entries
    // equal at both batches were baked into the file.
    const Ints* exported_shape_input = nullptr;
    bool data_dependent = false;       // an output shape depends on tensor contents
    bool batch_unrewritten = false;    // a baked batch size could not be carried through
    bool batch_baked = false;          // a tensor keeps the exported batch size (the rewrite carried through)
    Value* discarded = nullptr;        // owned by the pass: one per node would cost a Value's zeroing each time
    const SymbolTable& symbols;
    ValueStore& kept;  // the inference's: folded values are kept there, and outputs view them
    // A data-dependent output size the user set (--size), for this node: rules use it in place of
    // the bound they would infer.
    std::optional<int64_t> user_size;
    bool bounded = false;  // an output size is an upper bound of a data-dependent size (not exact)
    bool sized_by_user = false;  // user_size was used

    size_t num_outputs() const { return outputs.size(); }
    // The i-th output; writes past the node's declared outputs (a malformed node) go nowhere.
    Value& out(size_t i = 0) { return i < outputs.size() ? *outputs[i] : *discarded; }

    // Folded values for an output: kept in the inference's store.
    SharedValues keep(TensorValues&& values) { return SharedValues::keep(kept, std::move(values)); }
    SharedValues keep(std::optional<TensorValues>&& values) { return SharedValues::keep(kept, std::move(values)); }

    void note(std::string message) { notes.push_back(std::move(message)); }
    // The size of an output axis that depends on tensor values: the one the user set (never more
    // than `bound`), else `bound`, the most the operator's spec allows (and the layer is marked
    // bounded); unknown, and the layer data-dependent, when neither is known (`bound` < 0).
    Dim data_dependent_size(int64_t bound);
    std::string dims_text(const Dims& dims) const { return dims_to_string(dims, symbols); }
};

}  // namespace wattlayer
