// Reader for WattLayer's JSON model format (documented in core/docs/json-format.md): a list of
// layers, each with its operator, input and output tensors, attributes and parameter count.
// It produces the same Graph as the ONNX reader, so both go through one inference pass.
#include <set>
#include <unordered_set>

#include <nlohmann/json.hpp>

#include "core_strings.hpp"
#include "io/limits.hpp"
#include "io/readers.hpp"
#include "io/tensor_values.hpp"
#include "io/torch_calls.hpp"
#include "wattlayer/error.hpp"

namespace wattlayer {
namespace {

using nlohmann::json;

[[noreturn]] void invalid(const std::string& where, const std::string& what) {
    throw Error("invalid_model", where + ": " + what);
}

TensorType read_type(const json& t, const std::string& where, Arena& arena) {
    TensorType type;
    type.dtype = DType::Float;
    if (t.contains("dtype")) {
        if (!t["dtype"].is_string()) invalid(where, "'dtype' must be a string such as \"float32\"");
        type.dtype = dtype_from_name(t["dtype"].get<std::string>());
        if (type.dtype == DType::Undefined) invalid(where, "unknown dtype '" + t["dtype"].get<std::string>() + "'");
    }
    if (!t.contains("shape")) return type;
    const json& shape = t["shape"];
    if (!shape.is_array()) invalid(where, "'shape' must be an array of integers, names or nulls");
    type.has_shape = true;
    for (const json& d : shape) {
        DeclaredDim dim;
        if (d.is_number_integer()) {
            if (d.get<int64_t>() < 0) invalid(where, "a dimension is negative");
            dim.value = d.get<int64_t>();
        } else if (d.is_number_unsigned()) {
            invalid(where, "a dimension does not fit in 64 bits");
        } else if (d.is_string()) {
            dim.symbol = arena.store(d.get_ref<const std::string&>());
        } else if (!d.is_null()) {
            invalid(where, "'shape' must be an array of integers, names or nulls");
        }
        type.dims.push_back(std::move(dim));
    }
    return type;
}

std::vector<int64_t> fixed_dims(const TensorType& type, const std::string& where) {
    std::vector<int64_t> dims;
    for (const auto& d : type.dims) {
        if (!d.value) invalid(where, "a weight or constant needs a fully numeric shape");
        dims.push_back(*d.value);
    }
    return dims;
}

std::optional<TensorValues> read_values(const json& values, DType dtype, int64_t count, const std::string& where) {
    if (!values.is_array()) invalid(where, "'value' must be an array of numbers");
    if (static_cast<int64_t>(values.size()) != count) invalid(where, "'value' has a different element count than 'shape'");
    if (count > kMaxDecodedElements) return std::nullopt;
    TensorValues out;
    out.is_float = dtype_is_float(dtype);
    for (const json& v : values) {
        if (!v.is_number()) invalid(where, "'value' must be an array of numbers");
        if (out.is_float) out.floats.push_back(v.get<double>());
        else if (v.is_number_integer()) out.ints.push_back(v.get<int64_t>());
        else invalid(where, "'value' of an integer tensor must hold integers");
    }
    return out;
}

Attribute read_attribute(const std::string& name, const json& v, const std::string& where, ModelStore& store) {
    Arena& arena = store.arena;
    Attribute a;
    a.name = arena.store(name);
    const std::string at = where + ", attribute '" + name + "'";
    if (v.is_boolean()) { a.type = Attribute::Type::Int; a.i = v.get<bool>(); }
    else if (v.is_number_integer()) { a.type = Attribute::Type::Int; a.i = v.get<int64_t>(); }
    else if (v.is_number()) { a.type = Attribute::Type::Float; a.f = v.get<double>(); }
    else if (v.is_string()) { a.type = Attribute::Type::String; a.s = arena.store(v.get_ref<const std::string&>()); }
    else if (v.is_array()) {
        bool all_int = true, all_num = true, all_str = true;
        for (const json& e : v) {
            all_int = all_int && e.is_number_integer();
            all_num = all_num && e.is_number();
            all_str = all_str && e.is_string();
        }
        if (all_int) {
            a.type = Attribute::Type::Ints;
            a.ints = arena.store_all(v.get<std::vector<int64_t>>());
        } else if (all_num) {
            a.type = Attribute::Type::Floats;
            a.floats = arena.store_all(v.get<std::vector<double>>());
        } else if (all_str) {
            a.type = Attribute::Type::Strings;
            std::vector<std::string_view> strings;
            for (const json& e : v) strings.push_back(arena.store(e.get_ref<const std::string&>()));
            a.strings = arena.store_all(strings);
        } else invalid(at, "an array attribute must hold only integers, only numbers or only strings");
    } else if (v.is_object() && v.contains("value")) {  // a tensor attribute, as Constant's "value"
        a.type = Attribute::Type::Tensor;
        Tensor t;
        t.name = a.name;
        const TensorType type = read_type(v, at, arena);
        t.dtype = type.dtype;
        const auto fixed = fixed_dims(type, at);
        t.dims = {fixed.begin(), fixed.end()};
        t.values = SharedValues::keep(store.values, read_values(v["value"], t.dtype, element_count(t.dims, name), at));
        const Tensor* kept = &store.tensors.emplace_back(std::move(t));
        a.tensors = arena.store(&kept, 1);
    } else {
        invalid(at, "unsupported attribute value");
    }
    return a;
}

// A JSON document without layers: a Hugging Face configuration or tokenizer is named as such.
[[noreturn]] void reject_json_document(const json& doc) {
    if (doc.contains("model_type") || doc.contains("architectures"))
        throw Error("not_a_model", "this is a model configuration (config.json), not a model: export the model to ONNX "
                                   "(for a Hugging Face model: optimum-cli export onnx --model NAME out/) and open the .onnx");
    if (doc.contains("added_tokens") || doc.contains("tokenizer_class") || (doc.contains("model") && doc.contains("normalizer")))
        throw Error("not_a_model", "this is a tokenizer file, not a model: open the model's .onnx file");
    if (doc.contains("eos_token_id") || doc.contains("max_new_tokens") || doc.contains("do_sample"))
        throw Error("not_a_model", "this is a generation configuration, not a model: open the model's .onnx file");
    invalid("model", "expected a \"layers\" array");
}

class JsonModelBuilder {
public:
    Model build(const json& doc) {
        const json* layers = &doc;
        model_.format = "json";
        if (doc.is_object()) {
            if (!doc.contains("layers")) reject_json_document(doc);
            layers = &doc["layers"];
            model_.name = string_field(doc, "name", "model");
            model_.producer = string_field(doc, "producer", "model");
            int64_t opset = 17;
            if (doc.contains("opset")) {
                if (!doc["opset"].is_number_integer()) invalid("model", "'opset' must be an integer");
                opset = doc["opset"].get<int64_t>();
            }
            model_.opsets.push_back({"", opset});
            if (doc.contains("inputs")) read_graph_inputs(doc["inputs"]);
        } else {
            model_.opsets.push_back({"", 17});
        }
        if (!layers->is_array()) invalid("model", "\"layers\" must be an array");
        if (layers->size() > kMaxNodes) throw Error("too_large", "the model has more than " + std::to_string(kMaxNodes) + " layers");
        size_t index = 0;
        for (const json& layer : *layers) {
            if (layer.is_object() && layer.contains("func") && !layer.contains("op")) {
                // A PyTorch call record: translated to ONNX-vocabulary layers first.
                const std::string name = layer.contains("name") && layer["name"].is_string() ? layer["name"].get<std::string>() : "call_" + std::to_string(index);
                for (const json& translated : torch_call_to_layers(layer, name)) read_layer(translated, index++);
            } else {
                read_layer(layer, index++);
            }
        }
        if (doc.is_object() && doc.contains("outputs")) read_graph_outputs(doc["outputs"]);
        else infer_graph_outputs();
        return std::move(model_);
    }

private:
    static std::string string_field(const json& obj, const char* key, const std::string& where) {
        if (!obj.contains(key)) return "";
        if (!obj[key].is_string()) invalid(where, std::string("'") + key + "' must be a string");
        return obj[key].get<std::string>();
    }

    void read_graph_inputs(const json& inputs) {
        if (!inputs.is_array()) invalid("model", "'inputs' must be an array");
        for (size_t i = 0; i < inputs.size(); ++i) {
            const std::string where = "model input " + std::to_string(i);
            if (!inputs[i].is_object()) invalid(where, "must be an object with 'name' and 'shape'");
            ValueInfo info{store(string_field(inputs[i], "name", where)), read_type(inputs[i], where, arena())};
            if (info.name.empty()) invalid(where, "needs a 'name'");
            if (const auto cache = inputs[i].find("kv_cache"); cache != inputs[i].end()) {
                if (!cache->is_boolean()) invalid(where, "'kv_cache' must be true or false");
                info.kv_cache = cache->get<bool>();
            }
            known_.insert(info.name);
            model_.graph.inputs.push_back(std::move(info));
        }
    }

    void read_graph_outputs(const json& outputs) {
        if (!outputs.is_array()) invalid("model", "'outputs' must be an array");
        for (const json& o : outputs) {
            if (o.is_string()) model_.graph.outputs.push_back({store(o.get<std::string>()), {}});
            else if (o.is_object())
                model_.graph.outputs.push_back({store(string_field(o, "name", "model output")), read_type(o, "model output", arena())});
            else invalid("model", "'outputs' entries must be names or objects");
        }
    }

    // Without a declared list, the graph outputs are the tensors no layer consumes.
    void infer_graph_outputs() {
        for (const auto& node : model_.graph.nodes)
            for (const auto& out : node.outputs)
                if (!consumed_.count(out)) model_.graph.outputs.push_back({out, {}});
    }

    // One input or output entry: a tensor name, or an object describing the tensor.
    std::string_view read_tensor_ref(const json& ref, const std::string& where, const std::string& fallback_name, bool is_input) {
        if (ref.is_string()) return store(ref.get_ref<const std::string&>());
        if (ref.is_null()) return {};  // an omitted optional input
        if (!ref.is_object()) invalid(where, "a tensor must be a name or an object");
        std::string_view name = store(string_field(ref, "name", where));
        if (name.empty()) name = store(fallback_name);
        const TensorType type = read_type(ref, where, arena());
        if (ref.contains("weight") && !ref["weight"].is_boolean()) invalid(where, "'weight' must be true or false");
        const bool weight = ref.contains("weight") && ref["weight"].get<bool>();
        if (is_input && weight && !type.has_shape) invalid(where, "a weight needs a 'shape'");
        if (is_input && (weight || ref.contains("value"))) {
            if (!known_.count(name)) {
                Tensor t;
                t.name = name;
                t.dtype = type.dtype;
                const auto fixed = fixed_dims(type, where);
                t.dims = {fixed.begin(), fixed.end()};
                if (ref.contains("value")) t.values = SharedValues::keep(model_.store->values, read_values(ref["value"], t.dtype, element_count(t.dims, name), where));
                else t.external = true;  // a weight described by its shape only
                model_.graph.initializers.push_back(std::move(t));
                known_.insert(name);
            }
            return name;
        }
        if (is_input && !known_.count(name) && type.has_shape) {
            // A tensor no earlier layer produced: an input of the model.
            model_.graph.inputs.push_back({name, type});
            known_.insert(name);
        } else if (type.has_shape || type.dtype != DType::Float) {
            model_.graph.value_info.push_back({name, type});
        }
        return name;
    }

    void read_layer(const json& layer, size_t index) {
        std::string where = "layer " + std::to_string(index);
        if (!layer.is_object()) invalid(where, "must be an object");
        Node node;
        node.name = store(string_field(layer, "name", where));
        if (node.name.empty()) node.name = store("layer_" + std::to_string(index));
        where += " ('" + std::string(node.name) + "')";
        node.op = store(string_field(layer, "op", where));
        if (node.op.empty()) invalid(where, "needs an 'op'");
        node.domain = store(string_field(layer, "domain", where));
        if (node.domain == "ai.onnx") node.domain = {};
        if (layer.contains("params")) {
            if (!layer["params"].is_number_integer() || layer["params"].get<int64_t>() < 0)
                invalid(where, "'params' must be a non-negative integer");
            node.params = layer["params"].get<int64_t>();
        }
        for (const char* key : {"inputs", "outputs"}) {
            if (!layer.contains(key)) continue;
            if (!layer[key].is_array()) invalid(where, std::string("'") + key + "' must be an array");
        }
        const bool has_inputs = layer.contains("inputs"), has_outputs = layer.contains("outputs");
        std::vector<std::string_view> inputs, outputs;
        if (has_inputs) {
            const json& ins = layer["inputs"];
            for (size_t i = 0; i < ins.size(); ++i) {
                const std::string_view name = read_tensor_ref(ins[i], where + ", input " + std::to_string(i),
                                                              std::string(node.name) + ":in" + std::to_string(i), true);
                consumed_.insert(name);
                inputs.push_back(name);
            }
        }
        if (has_outputs) {
            const json& outs = layer["outputs"];
            for (size_t i = 0; i < outs.size(); ++i) {
                const std::string_view name = read_tensor_ref(outs[i], where + ", output " + std::to_string(i),
                                                              std::string(node.name) + ":out" + std::to_string(i), false);
                if (name.empty()) invalid(where, "an output needs a name or a shape");
                if (!produced_.insert(name).second) invalid(where, "output '" + std::string(name) + "' is produced twice");
                known_.insert(name);
                outputs.push_back(name);
            }
        }
        if (outputs.empty()) outputs.push_back(store(std::string(node.name) + ":out0"));
        node.inputs = arena().store_all(inputs);
        node.outputs = arena().store_all(outputs);
        if (layer.contains("attributes")) {
            const json& attrs = layer["attributes"];
            if (!attrs.is_object()) invalid(where, "'attributes' must be an object");
            std::vector<Attribute> attributes;
            for (const auto& [key, value] : attrs.items()) attributes.push_back(read_attribute(key, value, where, *model_.store));
            node.attributes = arena().store_all(attributes);
        }
        model_.graph.nodes.push_back(std::move(node));
    }

    Arena& arena() { return model_.store->arena; }
    std::string_view store(const std::string& s) { return arena().store(s); }

    Model model_;
    std::unordered_set<std::string_view> known_;     // graph inputs, weights and outputs seen so far
    std::unordered_set<std::string_view> produced_;  // outputs of layers
    std::unordered_set<std::string_view> consumed_;
};

}  // namespace

Model read_json_model(const uint8_t* data, size_t size) {
    json doc;
    try {
        // Deeper nesting than any model needs is refused while parsing, before it costs memory.
        const json::parser_callback_t depth_guard = [](int depth, json::parse_event_t, json&) {
            if (depth > kMaxJsonDepth) throw Error("too_large", "the JSON document nests deeper than " + std::to_string(kMaxJsonDepth) + " levels");
            return true;
        };
        doc = json::parse(data, data + size, depth_guard);
    } catch (const json::exception& e) {  // a syntax error, or a number out of range (406)
        throw Error("bad_json", "the JSON model cannot be parsed: " + json_error_text(e.what()));
    }
    try {
        return JsonModelBuilder().build(doc);
    } catch (const json::exception& e) {
        throw Error("invalid_model", "the JSON model has a field of the wrong type: " + json_error_text(e.what()));
    }
}

}  // namespace wattlayer
