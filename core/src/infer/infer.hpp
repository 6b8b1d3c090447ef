#pragma once
// Shape inference: one topological pass over the graph, applying the registry's rule to each node.
#include <string>
#include <unordered_map>
#include <vector>

#include "ops/op_table.hpp"
#include "shape/name_index.hpp"
#include "shape/value.hpp"
#include "model/graph.hpp"
#include "wattlayer/inspect.hpp"

namespace wattlayer {

struct NodeOutcome {
    NodeOutcome() noexcept {}  // user-provided: resizing the table must not zero each entry first
    const OpRule* rule = nullptr;      // nullptr: operator unknown to the registry
    Span<size_t> inputs;               // value ids (in Inference::value_ids); SIZE_MAX for an omitted optional input
    Span<size_t> outputs;              // value ids (in Inference::value_ids); SIZE_MAX for an omitted optional output
    uint32_t first_note = 0;           // this node's notes: Inference::notes_of
    uint32_t note_count = 0;
    bool folded = false;               // every output is a constant: a shape computation, not a layer
    bool data_dependent = false;       // an output size depends on tensor values and no bound is known
    bool bounds_size = false;          // an output size is the most a data-dependent size can be
    bool bounded = false;              // that, or an input is bounded: costed at the bound
    bool batch_unrewritten = false;
    bool batch_baked = false;          // a tensor keeps the exported batch size
    bool used_declared_shape = false;  // the rule could not tell, the file's declared shape was used
    bool shape_known = false;          // every output shape is fully known
};

// A graph input's symbolic dimension that nothing set, and the size it was given.
struct AssumedDim {
    std::string name;
    int64_t value = 0;
    std::vector<std::string> inputs;  // the graph inputs that use it
};

struct Inference {
    Inference() = default;
    Inference(Inference&&) = default;
    Inference& operator=(Inference&&) = default;
    Inference(const Inference&) = delete;  // nodes view value_ids: a copy would view the original's
    Inference& operator=(const Inference&) = delete;

    ValueStore kept_values;  // what the rules folded; `values` view it
    std::vector<Value> values;
    NameIndex ids;  // tensor name (a view into the model's names) -> index into `values`
    SymbolTable symbols{std::string_view()};  // names of the symbolic dimensions in `values`
    std::vector<size_t> order;          // node indices, topologically sorted (file order when valid)
    std::vector<NodeOutcome> nodes;     // indexed like graph.nodes
    // Every node's input ids, then its output ids, in file order, in one list: a node's two short
    // lists inline would make each NodeOutcome twice as large.
    std::vector<size_t> value_ids;
    // Why shapes could not be inferred, for the warnings: every node's notes, each node's in one
    // run (few nodes have any, and a list per node cost its allocation and destruction).
    std::vector<std::string> notes;
    Span<std::string> notes_of(const NodeOutcome& node) const { return {notes.data() + node.first_note, node.note_count}; }
    int64_t batch = 1;                  // the batch size the shapes were inferred at
    int64_t passes = 1;                 // a batch asked of a graph without a batch axis: passes of one
    // Weights are numbered (Value::weight_id): the initializers first, then the weights a file
    // spells as ConstantOfShape of a constant shape (model-zoo files with their weights stripped).
    size_t weight_count = 0;
    std::vector<std::string_view> batch_inputs;  // the graph inputs whose leading axis is the batch
    std::vector<AssumedDim> assumed_dims;        // in the order the inputs name them
    std::vector<Warning> warnings;      // about inputs, batch and symbols (layer warnings come later)
    static constexpr size_t kNone = static_cast<size_t>(-1);
};

Inference infer_shapes(const Model& model, const InspectOptions& options);

}  // namespace wattlayer
