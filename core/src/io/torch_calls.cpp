// PyTorch calls as ONNX-vocabulary layers (see torch_calls.hpp). The operator registry lists, on
// each operator's row, the PyTorch functions it stands for and a translation form: how the call's
// positional and keyword arguments become the operator's inputs and attributes. Output shapes travel with the record, so views and copies need
// no shape arithmetic: they become a Reshape (a view: no bytes move) or an Expand (a copy) to the
// recorded output shape.
#include "io/torch_calls.hpp"

#include <algorithm>
#include <functional>
#include <numeric>
#include <string_view>

#include "ops/op_table.hpp"
#include "wattlayer/dtype.hpp"
#include "wattlayer/error.hpp"

namespace wattlayer {
namespace {

using nlohmann::json;

using Form = TorchForm;

bool is_tensor(const json& j) { return j.is_object() && j.contains("shape"); }

// Builds the ONNX-vocabulary layers of one call.
class CallTranslator {
public:
    CallTranslator(const json& call, const std::string& name) : call_(call), name_(name) {
        if (!call.is_object() || !call.contains("func") || !call["func"].is_string())
            throw Error("invalid_model", "torch call '" + name + "' needs a 'func' string");
        args_ = call.contains("args") ? call["args"] : json::array();
        kwargs_ = call.contains("kwargs") ? call["kwargs"] : json::object();
        if (!args_.is_array() || !kwargs_.is_object()) throw Error("invalid_model", "torch call '" + name + "': 'args' must be an array and 'kwargs' an object");
        if (call.contains("out") && call["out"].is_array())
            for (const json& o : call["out"])
                if (is_tensor(o)) outs_.push_back(o);
    }

    // The call's layers, after a copy of each strided argument the call needs contiguous.
    json translate() {
        const std::string func = torch_short_name(call_["func"].get<std::string>());
        const TorchEntry* entry = find_torch_call(func);
        const TorchCall* row = entry && entry->call->form != Form::Unsupported ? entry->call : nullptr;
        const std::string_view op = row ? entry->rule->op : std::string_view();
        json layers = implicit_copies(row, func);
        for (json& l : translate_call(row, op, func)) layers.push_back(std::move(l));
        return layers;
    }

private:
    // A tensor recorded with "contiguous": false (a permuted or transposed view; the exporter,
    // models/calibrate/export_json.py, records it) costs a copy when it reaches a kernel that needs
    // dense memory: eager PyTorch makes that copy inside the call. Elementwise kernels read
    // strides, views stay views, and reshape or contiguous copy only then. The copy is a
    // Transpose to the same layout, as an ONNX exporter would have written the permute.
    json implicit_copies(const TorchCall* row, const std::string& func) const {
        json copies = json::array();
        if (row) {
            switch (row->form) {
                case Form::Unary: case Form::Clip: case Form::Binary: case Form::MaskedFill: case Form::Where:
                case Form::Cast: case Form::Create: case Form::Concat:
                    return copies;
                case Form::View:
                    if (func != "reshape" && func != "contiguous" && func != "flatten") return copies;
                    break;
                default: break;
            }
        }
        size_t i = 0;
        for (const json& a : args_) {
            if (is_tensor(a) && a.value("contiguous", true) == false) {
                const size_t rank = a["shape"].size();
                std::vector<int64_t> identity(rank);
                std::iota(identity.begin(), identity.end(), int64_t{0});
                const json t = tensor(a, i);
                copies.push_back({{"name", name_ + ":contiguous" + std::to_string(i)}, {"op", "Transpose"}, {"inputs", {t}},
                                  {"outputs", {{{"name", name_ + ":contiguous" + std::to_string(i) + ":out"}, {"shape", t["shape"]}, {"dtype", t["dtype"]}}}},
                                  {"attributes", {{"perm", identity}}}});
            }
            ++i;
        }
        return copies;
    }

    json translate_call(const TorchCall* row, std::string_view op, const std::string& func) {
        if (!row) return json::array({layer("torch." + func, tensor_inputs(), "torch")});
        switch (row->form) {
            case Form::Conv: return one(conv(op, false));
            case Form::ConvTranspose: return one(conv(op, true));
            case Form::Linear: return one(linear());
            case Form::Addmm: return one(layer(op, {tensor(arg(1, "mat1"), 0), weight(arg(2, "mat2"), 1), weight(arg(0, "input"), 2)}));
            case Form::MatMul: return one(layer(op, tensor_inputs()));
            case Form::Einsum: return one(einsum());
            case Form::Sdpa: return one(sdpa());
            case Form::MultiHeadAttention: return multi_head_attention();
            case Form::BatchNorm: return one(batch_norm());
            case Form::LayerNorm: return one(layer_norm());
            case Form::GroupNorm: return one(group_norm());
            case Form::Softmax: return one(with_attrs(layer(op, {tensor(arg(0, "input"), 0)}), {{"axis", int_arg(1, "dim", -1)}}));
            case Form::Unary: return one(layer(op, {tensor(arg(0, "input"), 0)}));
            case Form::Clip: return one(layer(op, {tensor(arg(0, "input"), 0)}));
            case Form::Binary: return one(binary(op));
            case Form::MaskedFill: return one(layer(op, {tensor(arg(1, "mask"), 1), scalar_or_tensor(arg(2, "value"), 2), tensor(arg(0, "input"), 0)}));
            case Form::Where: return one(layer(op, {tensor(arg(0, "condition"), 0), scalar_or_tensor(arg(1, "input"), 1), scalar_or_tensor(arg(2, "other"), 2)}));
            case Form::View: return one(view());
            case Form::Copy: return one(copy());
            case Form::Concat: return one(concat());
            case Form::Cast: return one(cast());
            case Form::Create: return one(layer(op, {shape_constant(out_shape(), 0)}));
            case Form::Embedding: return one(with_attrs(layer(op, {weight(arg(1, "weight"), 0), tensor(arg(0, "input"), 1)}), {{"axis", 0}}));
            case Form::GatherElements: return one(with_attrs(layer(op, {tensor(arg(0, "input"), 0), tensor(arg(2, "index"), 1)}), {{"axis", int_arg(1, "dim", 0)}}));
            case Form::MaxPool: return one(pool(op, true));
            case Form::AvgPool: return one(pool(op, false));
            case Form::AdaptiveAvgPool: return one(adaptive_avg_pool());
            case Form::Interpolate: return one(interpolate());
            case Form::Reduce: return one(reduce(op));
            case Form::Pad: return one(pad());
            case Form::Unsupported: break;  // filtered out above
        }
        return json::array();
    }

    static json one(json layer) { return json::array({std::move(layer)}); }

    // Positional argument `i`, else keyword `key`, else null.
    const json& arg(size_t i, const char* key) const {
        static const json null;
        if (i < args_.size() && !args_[i].is_null()) return args_[i];
        if (kwargs_.contains(key)) return kwargs_[key];
        return null;
    }
    int64_t int_arg(size_t i, const char* key, int64_t fallback) const {
        const json& a = arg(i, key);
        return a.is_number_integer() ? a.get<int64_t>() : fallback;
    }
    // An int or a list of ints, as a list of `rank` ints.
    std::vector<int64_t> ints_arg(size_t i, const char* key, size_t rank, int64_t fallback) const {
        const json& a = arg(i, key);
        if (a.is_number_integer()) return std::vector<int64_t>(rank, a.get<int64_t>());
        if (a.is_array() && a.size() == rank && std::all_of(a.begin(), a.end(), [](const json& e) { return e.is_number_integer(); }))
            return a.get<std::vector<int64_t>>();
        return std::vector<int64_t>(rank, fallback);
    }

    std::string input_name(size_t i) const { return name_ + ":in" + std::to_string(i); }

    json tensor(const json& t, size_t i, bool is_weight = false) const {
        if (!is_tensor(t)) throw Error("invalid_model", "torch call '" + name_ + "': argument " + std::to_string(i) + " should be a tensor {\"shape\", \"dtype\"}");
        json out = {{"name", input_name(i)}, {"shape", t["shape"]}, {"dtype", t.value("dtype", std::string("float32"))}};
        if (is_weight) out["weight"] = true;
        return out;
    }
    json weight(const json& t, size_t i) const { return t.is_null() ? json(nullptr) : tensor(t, i, true); }
    json scalar_or_tensor(const json& v, size_t i) const {
        if (is_tensor(v)) return tensor(v, i);
        const std::string dtype = outs_.empty() ? "float32" : outs_[0].value("dtype", std::string("float32"));
        const bool is_float = dtype_is_float(dtype_from_name(dtype));
        double value = v.is_number() ? v.get<double>() : (v.is_boolean() ? v.get<bool>() : 0.0);
        return {{"name", input_name(i)}, {"shape", json::array()}, {"dtype", dtype}, {"value", json::array({is_float ? json(value) : json(static_cast<int64_t>(value))})}};
    }
    json shape_constant(const std::vector<int64_t>& values, size_t i) const {
        return {{"name", input_name(i)}, {"shape", {values.size()}}, {"dtype", "int64"}, {"value", values}};
    }
    std::vector<int64_t> out_shape(size_t i = 0) const {
        if (i >= outs_.size()) throw Error("invalid_model", "torch call '" + name_ + "' needs its output shape in 'out'");
        return outs_[i]["shape"].get<std::vector<int64_t>>();
    }
    // Every tensor among the positional arguments (and tensors inside a list argument).
    std::vector<json> tensor_inputs() const {
        std::vector<json> ins;
        for (const json& a : args_) {
            if (is_tensor(a)) ins.push_back(tensor(a, ins.size()));
            else if (a.is_array())
                for (const json& e : a)
                    if (is_tensor(e)) ins.push_back(tensor(e, ins.size()));
        }
        return ins;
    }

    json layer(std::string_view op, const std::vector<json>& inputs, std::string_view domain = "") const {
        json l = {{"name", name_}, {"op", std::string(op)}};
        if (!domain.empty()) l["domain"] = std::string(domain);
        l["inputs"] = inputs;
        json outs = json::array();
        for (size_t i = 0; i < outs_.size(); ++i)
            outs.push_back({{"name", name_ + ":out" + std::to_string(i)}, {"shape", outs_[i]["shape"]}, {"dtype", outs_[i].value("dtype", std::string("float32"))}});
        l["outputs"] = outs;
        return l;
    }
    static json with_attrs(json l, json attrs) {
        l["attributes"] = std::move(attrs);
        return l;
    }

    json conv(std::string_view op, bool transposed) const {
        const json& w = arg(1, "weight");
        if (!is_tensor(w) || w["shape"].size() < 3) throw Error("invalid_model", "torch call '" + name_ + "': a convolution needs a weight tensor");
        const size_t spatial = w["shape"].size() - 2;
        // conv: (input, weight, bias, stride, padding, dilation, groups)
        // conv_transpose: (input, weight, bias, stride, padding, output_padding, groups, dilation)
        json attrs = {{"strides", ints_arg(3, "stride", spatial, 1)},
                      {"dilations", ints_arg(transposed ? 7 : 5, "dilation", spatial, 1)},
                      {"group", int_arg(6, "groups", 1)}};
        const json& padding = arg(4, "padding");
        if (padding.is_string()) {
            attrs["auto_pad"] = padding.get<std::string>() == "same" ? "SAME_UPPER" : "VALID";
        } else {
            std::vector<int64_t> p = ints_arg(4, "padding", spatial, 0);
            p.insert(p.end(), p.begin(), p.end());
            attrs["pads"] = p;
        }
        if (transposed) attrs["output_padding"] = ints_arg(5, "output_padding", spatial, 0);
        std::vector<json> ins = {tensor(arg(0, "input"), 0), weight(w, 1)};
        if (!arg(2, "bias").is_null()) ins.push_back(weight(arg(2, "bias"), 2));
        return with_attrs(layer(op, ins), attrs);
    }

    // x @ W^T (+ b): a MatMul with the weight stored transposed; the bias counts as parameters.
    json linear() const {
        const json& w = arg(1, "weight");
        if (!is_tensor(w) || w["shape"].size() != 2) throw Error("invalid_model", "torch call '" + name_ + "': linear needs a 2-D weight");
        const int64_t out_features = w["shape"][0], in_features = w["shape"][1];
        json l = layer("MatMul", {tensor(arg(0, "input"), 0), {{"name", input_name(1)}, {"shape", {in_features, out_features}}, {"dtype", w.value("dtype", std::string("float32"))}, {"weight", true}}});
        const json& b = arg(2, "bias");
        l["params"] = in_features * out_features + (is_tensor(b) ? out_features : 0);
        return l;
    }

    json einsum() const {
        const json& eq = arg(0, "equation");
        if (!eq.is_string()) throw Error("invalid_model", "torch call '" + name_ + "': einsum needs its equation");
        return with_attrs(layer("Einsum", tensor_inputs()), {{"equation", eq}});
    }

    json sdpa() const {
        std::vector<json> ins = {tensor(arg(0, "query"), 0), tensor(arg(1, "key"), 1), tensor(arg(2, "value"), 2)};
        if (is_tensor(arg(3, "attn_mask"))) ins.push_back(tensor(arg(3, "attn_mask"), 3));
        return layer("Attention", ins);
    }

    // F.multi_head_attention_forward(query, key, value, embed_dim, num_heads, in_proj_weight,
    // in_proj_bias, bias_k, bias_v, add_zero_attn, dropout_p, out_proj_weight, out_proj_bias):
    // the input projection, the attention and the output projection, as three layers.
    json multi_head_attention() const {
        const json& q = arg(0, "query");
        if (!is_tensor(q) || q["shape"].size() != 3) throw Error("invalid_model", "torch call '" + name_ + "': multi-head attention needs a 3-D query");
        const int64_t len = q["shape"][0], batch = q["shape"][1], embed = q["shape"][2];
        const int64_t heads = int_arg(4, "num_heads", 1);
        const std::string dtype = q.value("dtype", std::string("float32"));
        auto t = [&](const std::string& name, std::vector<int64_t> shape, bool is_weight = false) {
            json j = {{"name", name}, {"shape", shape}, {"dtype", dtype}};
            if (is_weight) j["weight"] = true;
            return j;
        };
        json in_proj = {{"name", name_ + ".in_proj"}, {"op", "MatMul"},
                        {"inputs", {t(name_ + ".in_proj:x", {len, batch, embed}), t(name_ + ".in_proj:w", {embed, 3 * embed}, true)}},
                        {"outputs", {t(name_ + ".in_proj:out", {len, batch, 3 * embed})}}, {"params", 3 * embed * embed + 3 * embed}};
        json attention = {{"name", name_}, {"op", "Attention"}, {"attributes", {{"q_num_heads", heads}, {"kv_num_heads", heads}}},
                          {"inputs", {t(name_ + ":q", {batch, len, embed}), t(name_ + ":k", {batch, len, embed}), t(name_ + ":v", {batch, len, embed})}},
                          {"outputs", {t(name_ + ":out", {batch, len, embed})}}};
        json out_proj = {{"name", name_ + ".out_proj"}, {"op", "MatMul"},
                         {"inputs", {t(name_ + ".out_proj:x", {len, batch, embed}), t(name_ + ".out_proj:w", {embed, embed}, true)}},
                         {"outputs", {t(name_ + ".out_proj:out", {len, batch, embed})}}, {"params", embed * embed + embed}};
        return json::array({in_proj, attention, out_proj});
    }

    // F.batch_norm(input, running_mean, running_var, weight, bias, training, momentum, eps)
    json batch_norm() const {
        const json& mean = arg(1, "running_mean");
        return layer("BatchNormalization", {tensor(arg(0, "input"), 0), weight(arg(3, "weight").is_null() ? mean : arg(3, "weight"), 1),
                                            weight(arg(4, "bias").is_null() ? mean : arg(4, "bias"), 2), weight(mean, 3), weight(arg(2, "running_var"), 4)});
    }

    // F.layer_norm(input, normalized_shape, weight, bias, eps)
    json layer_norm() const {
        const json& shape = arg(1, "normalized_shape");
        const int64_t axes = shape.is_array() ? static_cast<int64_t>(shape.size()) : 1;
        std::vector<json> ins = {tensor(arg(0, "input"), 0)};
        if (!arg(2, "weight").is_null()) ins.push_back(weight(arg(2, "weight"), 1));
        if (!arg(3, "bias").is_null()) ins.push_back(weight(arg(3, "bias"), 2));
        return with_attrs(layer("LayerNormalization", ins), {{"axis", -axes}});
    }

    // F.group_norm(input, num_groups, weight, bias, eps)
    json group_norm() const {
        std::vector<json> ins = {tensor(arg(0, "input"), 0)};
        if (!arg(2, "weight").is_null()) ins.push_back(weight(arg(2, "weight"), 1));
        if (!arg(3, "bias").is_null()) ins.push_back(weight(arg(3, "bias"), 2));
        return with_attrs(layer("GroupNormalization", ins), {{"num_groups", int_arg(1, "num_groups", 1)}});
    }

    json binary(std::string_view op) const {
        const json& a = arg(0, "input");
        const json& b = arg(1, "other");
        if (!is_tensor(a) && is_tensor(b)) return layer(op, {scalar_or_tensor(a, 0), tensor(b, 1)});  // 2 - x
        if (!is_tensor(a)) throw Error("invalid_model", "torch call '" + name_ + "': no tensor operand");
        if (op == "Max" || op == "Min") {
            if (!is_tensor(b)) return reduce(op == "Max" ? "ReduceMax" : "ReduceMin");  // torch.max(x, dim)
        }
        return layer(op, {tensor(a, 0), scalar_or_tensor(b, 1)});
    }

    // A view or a copy to the recorded output shape: no shape arithmetic needed.
    json reshape_to_output(std::string_view op) const {
        const json& x = is_tensor(arg(0, "input")) ? arg(0, "input") : arg(0, "self");
        return layer(op, {tensor(x, 0), shape_constant(out_shape(), 1)});
    }

    // clone, roll, repeat: a kernel that writes every output element. A Tile (repeats: output over
    // input per axis) moves those bytes; Expand would be a view.
    json copy() const {
        const json& x = is_tensor(arg(0, "input")) ? arg(0, "input") : arg(0, "self");
        if (!is_tensor(x)) throw Error("invalid_model", "torch call '" + name_ + "': no tensor to copy");
        const std::vector<int64_t> in = x["shape"].get<std::vector<int64_t>>(), out = out_shape();
        std::vector<int64_t> repeats;
        for (size_t i = 0; i < in.size() && in.size() == out.size(); ++i)
            if (in[i] > 0 && out[i] % in[i] == 0) repeats.push_back(out[i] / in[i]);
        if (repeats.size() != out.size()) return reshape_to_output("Expand");  // new leading axes: as before
        return layer("Tile", {tensor(x, 0), shape_constant(repeats, 1)});
    }

    // A view keeps its element count (a Reshape) or selects a part of each axis (a Slice from 0).
    json view() const {
        const json& x = is_tensor(arg(0, "input")) ? arg(0, "input") : arg(0, "self");
        if (!is_tensor(x)) throw Error("invalid_model", "torch call '" + name_ + "': no tensor to view");
        const std::vector<int64_t> in = x["shape"].get<std::vector<int64_t>>(), out = out_shape();
        bool shrinks = in.size() == out.size();
        for (size_t i = 0; shrinks && i < in.size(); ++i) shrinks = out[i] <= in[i];
        const bool same_count = std::accumulate(in.begin(), in.end(), int64_t{1}, std::multiplies<>()) ==
                                std::accumulate(out.begin(), out.end(), int64_t{1}, std::multiplies<>());
        if (same_count || !shrinks) return reshape_to_output("Reshape");
        return layer("Slice", {tensor(x, 0), shape_constant(std::vector<int64_t>(in.size(), 0), 1), shape_constant(out, 2)});
    }

    json concat() const {
        const std::vector<json> ins = tensor_inputs();
        int64_t dim = 0;
        if (args_.size() > 1 && args_[1].is_number_integer()) dim = args_[1].get<int64_t>();
        else if (kwargs_.contains("dim") && kwargs_["dim"].is_number_integer()) dim = kwargs_["dim"].get<int64_t>();
        const std::string func = torch_short_name(call_["func"].get<std::string>());
        if (func == "stack") dim = 0;  // stacking new axes: the same bytes as concatenating on the first
        return with_attrs(layer("Concat", ins), {{"axis", dim}});
    }

    // .to(dtype) / .float() / ...: a Cast when the element type changes, else a view.
    json cast() const {
        const json& x = arg(0, "input");
        const std::string from = is_tensor(x) ? x.value("dtype", std::string("float32")) : "float32";
        const std::string to = outs_.empty() ? from : outs_[0].value("dtype", from);
        if (dtype_from_name(from) == dtype_from_name(to)) return reshape_to_output("Reshape");
        return with_attrs(layer("Cast", {tensor(x, 0)}), {{"to", static_cast<int>(dtype_from_name(to))}});
    }

    // max_pool2d(input, kernel_size, stride, padding, dilation, ceil_mode)
    // avg_pool2d(input, kernel_size, stride, padding, ceil_mode, count_include_pad)
    json pool(std::string_view op, bool is_max) const {
        const json& x = arg(0, "input");
        const size_t spatial = is_tensor(x) && x["shape"].size() >= 3 ? x["shape"].size() - 2 : 2;
        const std::vector<int64_t> kernel = ints_arg(1, "kernel_size", spatial, 1);
        std::vector<int64_t> pads = ints_arg(3, "padding", spatial, 0);
        pads.insert(pads.end(), pads.begin(), pads.end());
        const json& ceil = arg(is_max ? 5 : 4, "ceil_mode");
        json attrs = {{"kernel_shape", kernel}, {"strides", ints_arg(2, "stride", spatial, 0)}, {"pads", pads}, {"ceil_mode", ceil.is_boolean() && ceil.get<bool>() ? 1 : 0}};
        if (attrs["strides"][0] == 0) attrs["strides"] = kernel;  // PyTorch's default stride is the kernel
        if (is_max) attrs["dilations"] = ints_arg(4, "dilation", spatial, 1);
        return with_attrs(layer(op, {tensor(x, 0)}), attrs);
    }

    // Adaptive pooling to 1 is a global average; otherwise windows of input/output size.
    json adaptive_avg_pool() const {
        const json& x = arg(0, "input");
        const std::vector<int64_t> out = out_shape();
        if (!is_tensor(x) || x["shape"].size() != out.size() || out.size() < 3) throw Error("invalid_model", "torch call '" + name_ + "': adaptive pooling needs matching input and output ranks");
        const std::vector<int64_t> in = x["shape"].get<std::vector<int64_t>>();
        bool global = true;
        std::vector<int64_t> kernel;
        for (size_t i = 2; i < out.size(); ++i) {
            global = global && out[i] == 1;
            kernel.push_back(out[i] > 0 ? in[i] / out[i] : 1);
        }
        if (global) return layer("GlobalAveragePool", {tensor(x, 0)});
        return with_attrs(layer("AveragePool", {tensor(x, 0)}), {{"kernel_shape", kernel}, {"strides", kernel}});
    }

    json interpolate() const {
        const json& mode = arg(3, "mode");
        const std::string m = mode.is_string() ? mode.get<std::string>() : "nearest";
        const std::string onnx_mode = m.find("linear") != std::string::npos ? "linear" : (m == "bicubic" ? "cubic" : "nearest");
        return with_attrs(layer("Resize", {tensor(arg(0, "input"), 0), nullptr, nullptr, shape_constant(out_shape(), 3)}), {{"mode", onnx_mode}});
    }

    // mean/sum/amax/...(input, dim, keepdim): axes as an attribute (read at every opset).
    json reduce(std::string_view op) const {
        const json& x = arg(0, "input");
        const json& dim = arg(1, "dim");
        json attrs = {{"keepdims", arg(2, "keepdim").is_boolean() && arg(2, "keepdim").get<bool>() ? 1 : 0}};
        if (dim.is_number_integer()) attrs["axes"] = {dim.get<int64_t>()};
        else if (dim.is_array()) attrs["axes"] = dim;
        if ((op == "ArgMax" || op == "ArgMin") && dim.is_number_integer()) attrs = {{"axis", dim}, {"keepdims", attrs["keepdims"]}};
        return with_attrs(layer(op, {tensor(x, 0)}), attrs);
    }

    // F.pad(input, pad, mode, value): PyTorch lists (begin, end) pairs from the last axis backwards.
    json pad() const {
        const json& x = arg(0, "input");
        const json& p = arg(1, "pad");
        if (!is_tensor(x) || !p.is_array()) throw Error("invalid_model", "torch call '" + name_ + "': pad needs a tensor and a pad list");
        const size_t rank = x["shape"].size();
        std::vector<int64_t> pads(2 * rank, 0);
        for (size_t i = 0; i < p.size() && i / 2 < rank; i += 2) {
            const size_t axis = rank - 1 - i / 2;
            pads[axis] = p[i].get<int64_t>();
            if (i + 1 < p.size()) pads[rank + axis] = p[i + 1].get<int64_t>();
        }
        return layer("Pad", {tensor(x, 0), shape_constant(pads, 1)});
    }

    const json& call_;
    std::string name_;
    json args_;
    json kwargs_;
    std::vector<json> outs_;
};

}  // namespace

std::string torch_short_name(const std::string& func) {
    const size_t dot = func.find_last_of('.');
    return dot == std::string::npos ? func : func.substr(dot + 1);
}

json torch_call_to_layers(const json& call, const std::string& layer_name) {
    return CallTranslator(call, layer_name).translate();
}

}  // namespace wattlayer
