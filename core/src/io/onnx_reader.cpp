// ONNX reader: decodes ModelProto straight from the caller's buffer with protozero.
// Field numbers follow onnx/onnx.proto. Tensor payloads are skipped, except the values of small
// tensors (shape constants); weights stored in external files are metadata only, which is normal.
#include <algorithm>

#include <protozero/exception.hpp>
#include <protozero/pbf_reader.hpp>

#include "io/limits.hpp"
#include "io/readers.hpp"
#include "model/functions.hpp"
#include "io/tensor_values.hpp"
#include "containers/small_vector.hpp"
#include "wattlayer/error.hpp"
#include "wattlayer/onnx_scan.hpp"

namespace wattlayer {
namespace {

using protozero::pbf_reader;
using protozero::pbf_wire_type;

// What a decoding failure means, in words for someone who opened the wrong file (the library's own
// texts name its internals: "invalid tag exception").
std::string undecodable_reason(const protozero::exception& e) {
    if (dynamic_cast<const protozero::varint_too_long_exception*>(&e)) return "a number in it is longer than any ONNX number";
    if (dynamic_cast<const protozero::unknown_pbf_wire_type_exception*>(&e)) return "a field in it has an encoding that ONNX files never use";
    if (dynamic_cast<const protozero::invalid_tag_exception*>(&e)) return "a field in it has an impossible number";
    if (dynamic_cast<const protozero::invalid_length_exception*>(&e)) return "a field in it has an impossible length";
    return "its bytes do not decode as an ONNX model";
}

constexpr int kMaxGraphDepth = 16;  // If/Loop bodies nest; a deeper file is hostile, not a model
// Tensor payloads of more bytes are weights, never read: what the streaming scanner drops.
constexpr size_t kMaxPayload = OnnxGraphScanner::kMaxKeptPayloadBytes;

[[noreturn]] void bad_field(const char* message, const char* field) {
    throw Error("invalid_model", std::string("ONNX ") + message + " " + field + " has the wrong type");
}

// Checked accessors: protozero only asserts wire types in debug builds. The two that return views
// are always inlined: returned from a call, their results come back through memory and are
// reloaded whole, a store-forwarding stall on every field.
[[gnu::always_inline]] inline std::string_view get_view(pbf_reader& r, const char* field) {
    if (r.wire_type() != pbf_wire_type::length_delimited) bad_field("field", field);
    const auto view = r.get_view();
    return {view.data(), view.size()};
}

int64_t get_int64(pbf_reader& r, const char* field) {
    if (r.wire_type() != pbf_wire_type::varint) bad_field("field", field);
    return r.get_int64();
}

// A sub-message's bytes. The read_* functions below take these (two registers) rather than a
// pbf_reader, which is passed through memory and reloaded whole: another store-forwarding stall.
[[gnu::always_inline]] inline protozero::data_view message_bytes(pbf_reader& r, const char* field) {
    if (r.wire_type() != pbf_wire_type::length_delimited) bad_field("message", field);
    return r.get_view();
}

[[noreturn]] void throw_too_many(const char* field) {
    throw Error("too_large", std::string("ONNX ") + field + " has more than " + std::to_string(kMaxAttributeElements) + " entries");
}

// The entries of a packed list, read from the field's bytes.
template <typename T>
protozero::iterator_range<protozero::const_varint_iterator<T>> varint_range(protozero::data_view bytes) {
    const char* end = bytes.data() + bytes.size();
    return {protozero::const_varint_iterator<T>(bytes.data(), end), protozero::const_varint_iterator<T>(end, end)};
}

template <typename T>
protozero::iterator_range<protozero::const_fixed_iterator<T>> fixed_range(protozero::data_view bytes) {
    if (bytes.size() % sizeof(T) != 0) throw protozero::invalid_length_exception{};
    return {protozero::const_fixed_iterator<T>(bytes.data()), protozero::const_fixed_iterator<T>(bytes.data() + bytes.size())};
}

// Appends a packed list's entries, bounded like every list, with one allocation (counting varints
// is cheap).
template <typename Range, typename Out>
void append_packed(const Range& range, Out& out, const char* field) {
    out.reserve(out.size() + std::min<size_t>(range.size(), kMaxAttributeElements + 1));
    for (auto v : range) {
        if (out.size() > kMaxAttributeElements) throw_too_many(field);
        out.push_back(static_cast<typename Out::value_type>(v));
    }
}

// Repeated numeric fields may be packed (proto3 default) or one entry per tag, with the wire type
// `single`. `Out`: a std::vector or a SmallVector. A packed list of more than `max_bytes` (a
// tensor's weights) is skipped unread, as if absent.
template <typename Out, typename Packed, typename One>
void append_repeated(pbf_reader& r, Out& out, const char* field, pbf_wire_type single, Packed packed, One one, size_t max_bytes) {
    if (r.wire_type() == pbf_wire_type::length_delimited) {
        const protozero::data_view bytes = r.get_view();
        if (bytes.size() <= max_bytes) append_packed(packed(bytes), out, field);
    } else if (r.wire_type() == single) {
        out.push_back(static_cast<typename Out::value_type>(one(r)));
    } else {
        bad_field("field", field);
    }
}

constexpr size_t kAnySize = SIZE_MAX;

template <typename Out>
void append_int64s(pbf_reader& r, Out& out, const char* field, size_t max_bytes = kAnySize) {
    append_repeated(r, out, field, pbf_wire_type::varint, varint_range<int64_t>, [](pbf_reader& p) { return p.get_int64(); }, max_bytes);
}

template <typename Out>
void append_int32s(pbf_reader& r, Out& out, const char* field, size_t max_bytes) {
    append_repeated(r, out, field, pbf_wire_type::varint, varint_range<int32_t>, [](pbf_reader& p) { return p.get_int32(); }, max_bytes);
}

template <typename Out>
void append_uint64s(pbf_reader& r, Out& out, const char* field, size_t max_bytes) {
    append_repeated(r, out, field, pbf_wire_type::varint, varint_range<uint64_t>, [](pbf_reader& p) { return p.get_uint64(); }, max_bytes);
}

template <typename Out>
void append_floats(pbf_reader& r, Out& out, const char* field, size_t max_bytes = kAnySize) {
    append_repeated(r, out, field, pbf_wire_type::fixed32, fixed_range<float>, [](pbf_reader& p) { return p.get_float(); }, max_bytes);
}

template <typename Out>
void append_doubles(pbf_reader& r, Out& out, const char* field, size_t max_bytes) {
    append_repeated(r, out, field, pbf_wire_type::fixed64, fixed_range<double>, [](pbf_reader& p) { return p.get_double(); }, max_bytes);
}

// Decodes one ModelProto; names are copied into the model's arena, everything else is read in place.
class OnnxReader {
public:
    OnnxReader(ModelStore& store, Names names) : store_(store), arena_(store.arena), names_(names) {}

    // TensorProto, into `t`: a fresh Tensor where it will stay. Only small tensors get their
    // values decoded; big payloads are skipped in place.
    void read_tensor(protozero::data_view bytes, Tensor& t) {
        pbf_reader r(bytes);
        int64_t data_type = 0;
        protozero::data_view raw;
        bool has_raw = false;
        TensorValues typed;  // values from the typed repeated fields (float_data, int64_data, ...)
        while (r.next()) {
            // The fields of a constant (dims, type, raw data) and of a weight stored elsewhere
            // (dims, type, name, external data) as branches (see read_node), the rest through the switch.
            const uint32_t tag = r.tag();
            if (tag == 1) {
                append_int64s(r, t.dims, "TensorProto.dims");
                continue;
            }
            if (tag == 2) {
                data_type = get_int64(r, "TensorProto.data_type");
                continue;
            }
            if (tag == 9) {
                if (r.wire_type() != pbf_wire_type::length_delimited) bad_field("field", "TensorProto.raw_data");
                // Payloads longer than a shape constant's are weights: never decoded, as if absent
                // (exactly what the streaming scanner drops, so that a scanned file reads the same).
                if (const protozero::data_view payload = r.get_view(); payload.size() <= kMaxPayload) {
                    raw = payload;
                    has_raw = true;
                }
                continue;
            }
            if (tag == 8) {
                t.name = name(r, "TensorProto.name");
                continue;
            }
            if (tag == 13) {
                t.external = true;
                r.skip();
                continue;
            }
            switch (tag) {
                // Typed payloads: as raw data above.
                case 4: append_floats(r, typed.floats, "TensorProto.float_data", kMaxPayload); break;
                case 5: append_int32s(r, typed.ints, "TensorProto.int32_data", kMaxPayload); break;
                case 7: append_int64s(r, typed.ints, "TensorProto.int64_data", kMaxPayload); break;
                case 10: append_doubles(r, typed.floats, "TensorProto.double_data", kMaxPayload); break;
                case 11: append_uint64s(r, typed.ints, "TensorProto.uint64_data", kMaxPayload); break;
                case 14: if (get_int64(r, "TensorProto.data_location") == 1) t.external = true; break;
                default: r.skip();
            }
        }
        t.dtype = dtype_from_code(data_type);
        const int64_t count = element_count(t.dims, t.name);
        if (count > kMaxDecodedElements || t.external) return;
        if (has_raw) {
            // Decoded where the values will stay; a payload that does not decode leaves an empty slot.
            TensorValues& values = store_.values.emplace_back();
            if (decode_raw_values(t.dtype, raw.data(), raw.size(), count, values)) t.values = SharedValues::borrowed(values);
        } else if (static_cast<int64_t>(typed.floats.size() + typed.ints.size()) == count) {
            // float16/bfloat16 values travel as bit patterns in int32_data; those are not shape data.
            if (t.dtype == DType::Float16 || t.dtype == DType::BFloat16) return;
            typed.is_float = dtype_is_float(t.dtype);
            if (typed.is_float && !typed.ints.empty()) return;
            if (!typed.is_float && !typed.floats.empty()) return;
            t.values = keep_values(std::move(typed));
        }
    }

    TensorType read_type(protozero::data_view bytes) {
        pbf_reader r(bytes);
        TensorType type;
        while (r.next()) {
            if (r.tag() != 1) {  // sequence, map, optional, sparse: no tensor shape to keep
                r.skip();
                continue;
            }
            pbf_reader tensor(message_bytes(r, "TypeProto.tensor_type"));
            while (tensor.next()) {
                if (tensor.tag() == 1) {
                    type.dtype = dtype_from_code(get_int64(tensor, "TypeProto.Tensor.elem_type"));
                } else if (tensor.tag() == 2) {
                    type.has_shape = true;
                    SmallVector<DeclaredDim, 8> dims;  // then one allocation at the exact size
                    pbf_reader shape(message_bytes(tensor, "TypeProto.Tensor.shape"));
                    while (shape.next()) {
                        if (shape.tag() != 1) { shape.skip(); continue; }
                        pbf_reader dim(message_bytes(shape, "TensorShapeProto.dim"));
                        DeclaredDim d;
                        while (dim.next()) {
                            if (dim.tag() == 1) d.value = get_int64(dim, "Dimension.dim_value");
                            else if (dim.tag() == 2) d.symbol = name(dim, "Dimension.dim_param");
                            else dim.skip();
                        }
                        dims.push_back(d);
                    }
                    type.dims.assign(dims.begin(), dims.end());
                } else {
                    tensor.skip();
                }
            }
        }
        return type;
    }

    ValueInfo read_value_info(protozero::data_view bytes) {
        pbf_reader r(bytes);
        ValueInfo info;
        while (r.next()) {
            if (r.tag() == 1) info.name = name(r, "ValueInfoProto.name");
            else if (r.tag() == 2) info.type = read_type(message_bytes(r, "ValueInfoProto.type"));
            else r.skip();
        }
        return info;
    }

    // SparseTensorProto: its `values` tensor carries the name; dims describe the dense shape.
    Tensor read_sparse_tensor(protozero::data_view bytes) {
        pbf_reader r(bytes);
        Tensor t;
        SmallVector<int64_t, 6> dims;
        while (r.next()) {
            if (r.tag() == 1) {
                t = Tensor();
                read_tensor(message_bytes(r, "SparseTensorProto.values"), t);
            }
            else if (r.tag() == 3) append_int64s(r, dims, "SparseTensorProto.dims");
            else r.skip();
        }
        t.dims = std::move(dims);
        t.values.reset();  // sparse values are not dense shape data
        return t;
    }

    // Fills `a`, a fresh Attribute where it will stay (the arena).
    void read_attribute(protozero::data_view bytes, int depth, Attribute& a) {
        pbf_reader r(bytes);
        // Lists collect inline, then go to the arena at their exact size.
        SmallVector<double, 8> floats;
        SmallVector<int64_t, 8> ints;
        SmallVector<std::string_view, 4> strings;
        SmallVector<const Tensor*, 2> tensors;
        SmallVector<const Graph*, 2> graphs;
        auto keep_tensor = [&](Tensor&& t) { tensors.push_back(&store_.tensors.emplace_back(std::move(t))); };
        auto read_kept_tensor = [&](protozero::data_view tensor) {
            Tensor& t = store_.tensors.emplace_back();
            read_tensor(tensor, t);
            tensors.push_back(&t);
        };
        auto keep_graph = [&](Graph g) { graphs.push_back(&store_.graphs.emplace_back(std::move(g))); };
        while (r.next()) {
            // The common fields first, as branches (name, type, then one payload), which predict
            // better than a jump on the tag (see read_node); the rest through the switch.
            const uint32_t tag = r.tag();
            if (tag == 1) {
                a.name = name(r, "AttributeProto.name");
                continue;
            }
            if (tag == 20) {
                a.type = static_cast<Attribute::Type>(get_int64(r, "AttributeProto.type"));
                continue;
            }
            if (tag == 3) {
                a.i = get_int64(r, "AttributeProto.i");
                continue;
            }
            if (tag == 8) {
                append_int64s(r, ints, "AttributeProto.ints");
                continue;
            }
            switch (tag) {
                case 2:
                    if (r.wire_type() != pbf_wire_type::fixed32) bad_field("field", "AttributeProto.f");
                    a.f = r.get_float();
                    break;
                case 4: a.s = name(r, "AttributeProto.s"); break;
                case 5: read_kept_tensor(message_bytes(r, "AttributeProto.t")); break;
                case 6: keep_graph(read_graph(message_bytes(r, "AttributeProto.g"), depth + 1)); break;
                case 7: append_floats(r, floats, "AttributeProto.floats"); break;
                case 9: strings.push_back(name(r, "AttributeProto.strings")); break;
                case 10: read_kept_tensor(message_bytes(r, "AttributeProto.tensors")); break;
                case 11: keep_graph(read_graph(message_bytes(r, "AttributeProto.graphs"), depth + 1)); break;
                case 22: keep_tensor(read_sparse_tensor(message_bytes(r, "AttributeProto.sparse_tensor"))); break;
                case 23: keep_tensor(read_sparse_tensor(message_bytes(r, "AttributeProto.sparse_tensors"))); break;
                case 21: a.ref_attr_name = name(r, "AttributeProto.ref_attr_name"); break;
                default: r.skip();  // type_protos, doc_string
            }
        }
        a.floats = arena_.store_all(floats);
        a.ints = arena_.store_all(ints);
        a.strings = arena_.store_all(strings);
        a.tensors = arena_.store_all(tensors);
        a.graphs = arena_.store_all(graphs);
        const auto type = static_cast<int32_t>(a.type);
        if (type < 0 || type > static_cast<int32_t>(Attribute::Type::TypeProtos))
            throw Error("invalid_model", "attribute '" + std::string(a.name) + "' has an unknown type code " + std::to_string(type));
    }

    // Fills `n`, a fresh Node already in its graph's list.
    void read_node(protozero::data_view bytes, int depth, Node& n) {
        pbf_reader r(bytes);
        // Repeated fields collect here, then go to the arena at their exact size. Attributes (136
        // bytes each) are read last, straight into their place in the arena, once their number is
        // known: not built on the side and copied.
        SmallVector<std::string_view, 8> inputs, outputs;
        SmallVector<protozero::data_view, 8> attributes;
        // Branches in the order of frequency rather than a switch: a jump on the tag mispredicted
        // often (fields come in runs of varying length).
        while (r.next()) {
            const uint32_t tag = r.tag();
            if (tag == 1) inputs.push_back(name(r, "NodeProto.input"));
            else if (tag == 2) outputs.push_back(name(r, "NodeProto.output"));
            else if (tag == 5) attributes.push_back(message_bytes(r, "NodeProto.attribute"));
            else if (tag == 3) n.name = name(r, "NodeProto.name");
            else if (tag == 4) n.op = name(r, "NodeProto.op_type");
            else if (tag == 7) n.domain = name(r, "NodeProto.domain");
            else r.skip();
        }
        n.inputs = arena_.store_all(inputs);
        n.outputs = arena_.store_all(outputs);
        if (!attributes.empty()) {
            Attribute* list = arena_.allocate<Attribute>(attributes.size());
            for (size_t i = 0; i < attributes.size(); ++i) read_attribute(attributes[i], depth, *new (&list[i]) Attribute());
            n.attributes = {list, attributes.size()};
        }
        if (n.domain == "ai.onnx") n.domain = {};
    }

    Graph read_graph(protozero::data_view bytes, int depth) {
        pbf_reader r(bytes);
        if (depth > kMaxGraphDepth)
            throw Error("invalid_model", "subgraphs nest deeper than " + std::to_string(kMaxGraphDepth) + " levels");
        Graph g;
        // A node takes 125 bytes or more in the development files: room for all of them up front
        // saves the list's regrowths (each a copy of every node so far). Capped, as weights may
        // make up most of a graph's bytes.
        g.nodes.reserve(std::min<size_t>(bytes.size() / 128, 4096));
        auto check_tensor_count = [&] {
            if (g.initializers.size() + g.value_info.size() >= kMaxNodes)
                throw Error("too_large", "the graph has more than " + std::to_string(kMaxNodes) + " initializers or typed tensors");
        };
        while (r.next()) {
            switch (r.tag()) {
                case 1:
                    if (g.nodes.size() >= kMaxNodes) throw Error("too_large", "the graph has more than " + std::to_string(kMaxNodes) + " nodes");
                    read_node(message_bytes(r, "GraphProto.node"), depth, g.nodes.emplace_back());
                    break;
                case 2: g.name = name(r, "GraphProto.name"); break;
                case 5:
                    check_tensor_count();
                    read_tensor(message_bytes(r, "GraphProto.initializer"), g.initializers.emplace_back());
                    break;
                case 11: g.inputs.push_back(read_value_info(message_bytes(r, "GraphProto.input"))); break;
                case 12: g.outputs.push_back(read_value_info(message_bytes(r, "GraphProto.output"))); break;
                case 13:
                    check_tensor_count();
                    g.value_info.push_back(read_value_info(message_bytes(r, "GraphProto.value_info")));
                    break;
                case 15:
                    check_tensor_count();
                    g.initializers.push_back(read_sparse_tensor(message_bytes(r, "GraphProto.sparse_initializer")));
                    break;
                default: r.skip();
            }
        }
        return g;
    }

    Function read_function(protozero::data_view bytes) {
        pbf_reader r(bytes);
        Function f;
        SmallVector<std::string_view, 8> inputs, outputs;
        SmallVector<protozero::data_view, 4> defaults;
        while (r.next()) {
            switch (r.tag()) {
                case 1: f.name = name(r, "FunctionProto.name"); break;
                case 4: inputs.push_back(name(r, "FunctionProto.input")); break;
                case 5: outputs.push_back(name(r, "FunctionProto.output")); break;
                case 7:
                    if (f.nodes.size() >= kMaxNodes) throw Error("too_large", "a function has more than " + std::to_string(kMaxNodes) + " nodes");
                    read_node(message_bytes(r, "FunctionProto.node"), 1, f.nodes.emplace_back());
                    break;
                case 10: f.domain = name(r, "FunctionProto.domain"); break;
                case 11: defaults.push_back(message_bytes(r, "FunctionProto.attribute_proto")); break;
                default: r.skip();  // attribute names, opset imports, value_info, doc_string
            }
        }
        f.inputs = arena_.store_all(inputs);
        f.outputs = arena_.store_all(outputs);
        if (!defaults.empty()) {
            Attribute* list = arena_.allocate<Attribute>(defaults.size());
            for (size_t i = 0; i < defaults.size(); ++i) read_attribute(defaults[i], 1, *new (&list[i]) Attribute());
            f.defaults = {list, defaults.size()};
        }
        if (f.domain == "ai.onnx") f.domain = {};
        return f;
    }

    OpsetImport read_opset(protozero::data_view bytes) {
        pbf_reader r(bytes);
        OpsetImport o;
        while (r.next()) {
            if (r.tag() == 1) o.domain = name(r, "OperatorSetIdProto.domain");
            else if (r.tag() == 2) o.version = get_int64(r, "OperatorSetIdProto.version");
            else r.skip();
        }
        return o;
    }

private:
    // The model's store owns decoded values: one allocation per block of them, not per tensor.
    SharedValues keep_values(TensorValues&& values) { return SharedValues::borrowed(store_.values.emplace_back(std::move(values))); }

    // Inlined like get_view: a node has several names, an attribute one.
    [[gnu::always_inline]] std::string_view name(pbf_reader& r, const char* field) {
        const std::string_view view = get_view(r, field);
        return names_ == Names::Borrow ? view : arena_.store(view);
    }

    ModelStore& store_;
    Arena& arena_;
    Names names_;
};

}  // namespace

Model read_onnx(const uint8_t* data, size_t size, Names names) {
    Model m;
    m.format = "onnx";
    bool has_graph = false;
    try {
        OnnxReader reader(*m.store, names);
        pbf_reader r(reinterpret_cast<const char*>(data), size);
        while (r.next()) {
            switch (r.tag()) {
                case 1: m.ir_version = get_int64(r, "ModelProto.ir_version"); break;
                case 2: m.producer = std::string(get_view(r, "ModelProto.producer_name")); break;
                case 3: m.producer_version = std::string(get_view(r, "ModelProto.producer_version")); break;
                case 7:
                    m.graph = reader.read_graph(message_bytes(r, "ModelProto.graph"), 0);
                    has_graph = true;
                    break;
                case 8: m.opsets.push_back(reader.read_opset(message_bytes(r, "ModelProto.opset_import"))); break;
                case 25:
                    if (m.functions.size() >= kMaxNodes) throw Error("too_large", "the model has more than " + std::to_string(kMaxNodes) + " functions");
                    m.functions.push_back(reader.read_function(message_bytes(r, "ModelProto.functions")));
                    break;
                default: r.skip();
            }
        }
    } catch (const protozero::end_of_buffer_exception&) {
        throw Error("truncated", "the ONNX file is truncated: a field runs past the end of the file");
    } catch (const protozero::exception& e) {
        throw Error("invalid_model", "not a valid ONNX file: " + undecodable_reason(e));
    }
    if (!has_graph) throw Error("invalid_model", "not an ONNX model: the file holds no graph");
    m.name = std::string(m.graph.name);
    if (!m.functions.empty()) inline_functions(m, kMaxNodes);
    return m;
}

}  // namespace wattlayer
