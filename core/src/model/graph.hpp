#pragma once
// The in-memory model every reader produces and every later stage consumes. It is a plain,
// format-neutral mirror of ONNX's graph: nodes refer to tensors by name, initializers keep their
// metadata (and the values of small tensors only, which shape computations need). Every name and
// list is a view into the model's Arena, and the values an ONNX file holds are borrowed from its
// store, so a Model must outlive the views and values taken from it.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "wattlayer/dtype.hpp"
#include "containers/arena.hpp"
#include "containers/small_vector.hpp"
#include "containers/stable_list.hpp"

namespace wattlayer {

// One dimension as declared in a file: a number, a symbol ("batch"), or nothing known.
struct DeclaredDim {
    std::optional<int64_t> value;
    std::string_view symbol;
};

// A tensor's declared type; `has_shape` is false when even the rank is unknown.
struct TensorType {
    DType dtype = DType::Undefined;
    bool has_shape = false;
    std::vector<DeclaredDim> dims;
};

struct ValueInfo {
    std::string_view name;
    TensorType type;
    bool kv_cache = false;  // a graph input the file declares as a KV cache (JSON "kv_cache": true)
};

// Values of a small constant tensor, decoded because shape computations read them.
// Integer and bool tensors land in `ints`, floating-point ones in `floats`.
struct TensorValues {
    SmallVector<int64_t, 4> ints;
    SmallVector<double, 2> floats;
    bool is_float = false;
    size_t size() const { return is_float ? floats.size() : ints.size(); }
};

// Where decoded and folded values live: the model's store for a file's constants, an inference's
// for the values it folds. Elements never move, so views into it stay valid while it grows.
using ValueStore = StableList<TensorValues>;

// Immutable, shared values: a constant's values are read by the tensors that alias it (Identity,
// Reshape, Unsqueeze, ...) and by inference at every batch, so they are shared, never copied. A view
// of values kept in a ValueStore, which outlives every view of them: copies cost nothing, with no
// count to keep (no shared_ptr allocation or atomic counts).
// Reads like std::optional<TensorValues>.
class SharedValues {
public:
    SharedValues() = default;
    static SharedValues borrowed(const TensorValues& kept) {
        SharedValues v;
        v.ptr_ = &kept;
        return v;
    }
    // Keeps `values` in `store` and views them.
    static SharedValues keep(ValueStore& store, TensorValues&& values) { return borrowed(store.emplace_back(std::move(values))); }
    static SharedValues keep(ValueStore& store, std::optional<TensorValues>&& values) {
        return values ? keep(store, std::move(*values)) : SharedValues();
    }
    bool has_value() const { return ptr_ != nullptr; }
    explicit operator bool() const { return ptr_ != nullptr; }
    const TensorValues& operator*() const { return *ptr_; }
    const TensorValues* operator->() const { return ptr_; }
    void reset() { ptr_ = nullptr; }

private:
    const TensorValues* ptr_ = nullptr;
};

// An initializer or a constant: metadata always, values only when small (see kMaxDecodedElements).
struct Tensor {
    std::string_view name;
    DType dtype = DType::Undefined;
    SmallVector<int64_t, 6> dims;  // inline: a model holds thousands of tensors, one allocation each adds up
    bool external = false;  // weights stored in another file (normal, never read)
    SharedValues values;    // present for small tensors whose data is in the file
};

// Tensors with at most this many elements have their values decoded; larger ones never are.
inline constexpr int64_t kMaxDecodedElements = 4096;

struct Graph;

struct Attribute {
    // Numbered as ONNX's AttributeProto.AttributeType.
    enum class Type : int32_t {
        Undefined = 0, Float = 1, Int = 2, String = 3, Tensor = 4, Graph = 5, Floats = 6, Ints = 7,
        Strings = 8, Tensors = 9, Graphs = 10, SparseTensor = 11, SparseTensors = 12,
        TypeProto = 13, TypeProtos = 14,
    };
    std::string_view name;
    Type type = Type::Undefined;
    double f = 0;
    int64_t i = 0;
    std::string_view s;
    Span<double> floats;
    Span<int64_t> ints;
    Span<std::string_view> strings;
    Span<const Tensor*> tensors;  // Tensor, Tensors, SparseTensor(s) (their values), in the ModelStore
    Span<const Graph*> graphs;    // Graph, Graphs (If/Loop/Scan bodies), in the ModelStore
    std::string_view ref_attr_name;  // inside a function body: the caller's attribute this one takes
};

struct Node {
    std::string_view name;
    std::string_view op;
    std::string_view domain;                // "" for the default ai.onnx domain
    Span<std::string_view> inputs;   // "" marks an omitted optional input
    Span<std::string_view> outputs;
    Span<Attribute> attributes;
    std::optional<int64_t> params;          // declared parameter count (JSON models); else counted
    // In a copy of a loop's body for an iteration that may not run (the trip count is a bound, or
    // the loop can end early), the loop's name: the copy's costs are an upper bound (infer/loops.hpp).
    std::string_view bounded_loop;

    const Attribute* attribute(std::string_view attr_name) const;
};

struct Graph {
    std::string_view name;
    std::vector<Node> nodes;
    std::vector<ValueInfo> inputs;
    std::vector<ValueInfo> outputs;
    std::vector<ValueInfo> value_info;
    std::vector<Tensor> initializers;
};

// What the views of a model point into: names and lists in the arena; attribute tensors,
// subgraphs and the values of the file's small tensors in stable lists.
struct ModelStore {
    Arena arena;
    StableList<Tensor> tensors;
    StableList<Graph> graphs;
    ValueStore values;
};

struct OpsetImport {
    std::string domain;
    int64_t version = 0;
};

// A model-local function (ONNX FunctionProto): an operator defined by a body of nodes, called by
// (domain, name) like any operator. Inference sees the bodies inlined (model/functions.hpp).
struct Function {
    std::string_view domain;
    std::string_view name;
    Span<std::string_view> inputs;    // formal parameters, in call order
    Span<std::string_view> outputs;
    Span<Attribute> defaults;         // attribute_proto: defaults of the attributes the body refers to
    std::vector<Node> nodes;
};

struct Model {
    std::string format;  // "onnx" or "json"
    std::string name;
    std::string producer;
    std::string producer_version;
    int64_t ir_version = 0;
    std::vector<OpsetImport> opsets;
    std::vector<Function> functions;  // model-local functions; already inlined into `graph`
    Graph graph;
    // Owns every name, list, attribute tensor and subgraph above; shared by copies of the Model.
    std::shared_ptr<ModelStore> store = std::make_shared<ModelStore>();

    // Version of the default (ai.onnx) domain; 0 when the file declares none.
    int64_t default_opset() const;
};

}  // namespace wattlayer
