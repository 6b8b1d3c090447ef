#pragma once
// Shared helpers of the unit tests: run the core on a JSON model string, find a layer, turn a
// report shape into plain numbers, read fixture files, and write tiny ONNX files by hand.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <string>
#include <sys/wait.h>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>
#include <protozero/pbf_writer.hpp>

#include "wattlayer/error.hpp"
#include "wattlayer/inspect.hpp"
#include "wattlayer/report.hpp"

namespace wltest {

using wattlayer::InspectOptions;
using wattlayer::LayerReport;
using wattlayer::Report;
using wattlayer::ReportShape;

inline Report inspect_bytes(const std::string& bytes, InspectOptions options = {}) {
    return wattlayer::inspect(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size(), options);
}

// Runs the whole core (reader, inference, costs) on a JSON model.
inline Report inspect_json(const std::string& json, InspectOptions options = {}) {
    if (options.file_name.empty()) options.file_name = "model.json";
    return inspect_bytes(json, options);
}

inline Report inspect_json_batch(const std::string& json, int64_t batch) {
    InspectOptions options;
    options.batch = batch;
    return inspect_json(json, options);
}

// The layer called `name`; fails the test when there is none.
inline const LayerReport& layer(const Report& report, const std::string& name) {
    const auto it = std::find_if(report.layers.begin(), report.layers.end(),
                                 [&](const LayerReport& l) { return l.name == name; });
    INFO("layer '" << name << "' in a report of " << report.layers.size() << " layers");
    REQUIRE(it != report.layers.end());
    return *it;
}

inline bool has_layer(const Report& report, const std::string& name) {
    return std::any_of(report.layers.begin(), report.layers.end(), [&](const LayerReport& l) { return l.name == name; });
}

// A shape as numbers: -1 for an unknown or symbolic dimension. A shape of unknown rank gives {-2}.
inline std::vector<int64_t> dims(const ReportShape& shape) {
    if (!shape.known_rank) return {-2};
    std::vector<int64_t> out;
    for (const auto& d : shape.dims) out.push_back(d.value >= 0 ? d.value : -1);
    return out;
}

inline std::vector<int64_t> out_dims(const LayerReport& l, size_t i = 0) {
    REQUIRE(l.outputs.size() > i);
    return dims(l.outputs[i]);
}

inline const wattlayer::Warning* find_warning(const Report& report, const std::string& code) {
    for (const auto& w : report.warnings)
        if (wattlayer::warning_code_name(w.code) == code) return &w;
    return nullptr;
}

// True when a warning with `code` names a layer starting with `layer_name`.
inline bool warning_names(const Report& report, const std::string& code, const std::string& layer_name) {
    const auto* w = find_warning(report, code);
    if (!w) return false;
    return std::any_of(w->layers.begin(), w->layers.end(),
                       [&](const std::string& l) { return l.compare(0, layer_name.size(), layer_name) == 0; });
}

inline std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    REQUIRE(in.good());
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

inline std::string fixture(const std::string& relative) { return std::string(WATTLAYER_FIXTURES) + "/" + relative; }

// The native CLI's exit code and output for `args` (a shell-quoted argument string).
struct CliRun {
    int exit_code = -1;
    std::string out, err;
};
inline CliRun run_cli(const std::string& args) {
    // Files named after the arguments: CTest may run test cases in parallel.
    const std::string stem = "wattlayer_cli_" + std::to_string(std::hash<std::string>{}(args));
    const std::filesystem::path dir = std::filesystem::temp_directory_path();
    const std::string out = (dir / (stem + ".out")).string(), err = (dir / (stem + ".err")).string();
    const int status = std::system((std::string("'") + WATTLAYER_CLI + "' " + args + " >'" + out + "' 2>'" + err + "'").c_str());
    REQUIRE(status != -1);
    REQUIRE(WIFEXITED(status));  // not killed by a signal
    CliRun r;
    r.exit_code = WEXITSTATUS(status);
    r.out = read_file(out);
    r.err = read_file(err);
    return r;
}

// The code of the wattlayer::Error a call throws ("" when it throws nothing; "other" for any other
// exception), and checks that the message is not empty.
template <typename F>
std::string error_code_of(F&& f) {
    try {
        f();
    } catch (const wattlayer::Error& e) {
        CHECK(std::string(e.what()) != "");
        return e.code();
    } catch (...) {
        return "other";
    }
    return "";
}

// ---- Hand-written ONNX protobuf (field numbers from onnx.proto) ----

// A dimension of a declared shape: a number (dim_value) or a symbol (dim_param, field 2).
struct OnnxDim {
    int64_t value = -1;
    std::string symbol;
    OnnxDim(int64_t v) : value(v) {}          // NOLINT: implicit on purpose, {1, "N", 3} reads well
    OnnxDim(const char* s) : symbol(s) {}     // NOLINT
};

// TypeProto with dims that may be symbolic.
inline std::string onnx_type_dims(int32_t elem_type, const std::vector<OnnxDim>& shape) {
    std::string dims_buf;
    {
        protozero::pbf_writer shape_w(dims_buf);
        for (const auto& d : shape) {
            std::string dim;
            protozero::pbf_writer dw(dim);
            if (d.symbol.empty()) dw.add_int64(1, d.value);
            else dw.add_string(2, d.symbol);
            shape_w.add_message(1, dim);
        }
    }
    std::string tensor;
    {
        protozero::pbf_writer w(tensor);
        w.add_int32(1, elem_type);
        w.add_message(2, dims_buf);
    }
    std::string type;
    protozero::pbf_writer(type).add_message(1, tensor);
    return type;
}

inline std::string onnx_value_info_dims(const std::string& name, int32_t elem_type, const std::vector<OnnxDim>& shape) {
    std::string out;
    protozero::pbf_writer w(out);
    w.add_string(1, name);
    w.add_message(2, onnx_type_dims(elem_type, shape));
    return out;
}

// TypeProto{tensor_type{elem_type, shape{dim{dim_value}...}}}
inline std::string onnx_type(int32_t elem_type, const std::vector<int64_t>& shape) {
    return onnx_type_dims(elem_type, std::vector<OnnxDim>(shape.begin(), shape.end()));
}

// ValueInfoProto{name, type}
inline std::string onnx_value_info(const std::string& name, int32_t elem_type, const std::vector<int64_t>& shape) {
    return onnx_value_info_dims(name, elem_type, std::vector<OnnxDim>(shape.begin(), shape.end()));
}


// ModelProto{ir_version=8, opset_import{domain "", version}, graph}
inline std::string onnx_model(const std::string& graph, int64_t opset = 17) {
    std::string opset_buf;
    {
        protozero::pbf_writer w(opset_buf);
        w.add_string(1, "");
        w.add_int64(2, opset);
    }
    std::string out;
    protozero::pbf_writer w(out);
    w.add_int64(1, 8);
    w.add_message(8, opset_buf);
    w.add_message(7, graph);
    return out;
}


// ---- More ONNX builders: symbolic dims, initializers, attributes, subgraphs, domains, opsets ----

// ValueInfoProto with a name only: no type, no shape.
inline std::string onnx_value_name(const std::string& name) {
    std::string out;
    protozero::pbf_writer(out).add_string(1, name);
    return out;
}

// TensorProto{dims=1, data_type=2, int64_data=7 (packed), name=8}
inline std::string onnx_tensor_int64(const std::string& name, const std::vector<int64_t>& dims, const std::vector<int64_t>& values) {
    std::string out;
    protozero::pbf_writer w(out);
    for (int64_t d : dims) w.add_int64(1, d);
    w.add_int32(2, 7);
    w.add_packed_int64(7, values.begin(), values.end());
    w.add_string(8, name);
    return out;
}

// TensorProto with raw_data=9 (little-endian bytes).
inline std::string onnx_tensor_raw(const std::string& name, int32_t data_type, const std::vector<int64_t>& dims, const std::string& raw) {
    std::string out;
    protozero::pbf_writer w(out);
    for (int64_t d : dims) w.add_int64(1, d);
    w.add_int32(2, data_type);
    w.add_string(8, name);
    w.add_string(9, raw);
    return out;
}

// A float32 tensor stored as raw_data.
inline std::string onnx_tensor_float(const std::string& name, const std::vector<int64_t>& dims, const std::vector<float>& values) {
    return onnx_tensor_raw(name, 1, dims, std::string(reinterpret_cast<const char*>(values.data()), values.size() * sizeof(float)));
}

// A tensor whose data lives in another file: external_data=13 {key, value}, data_location=14 (EXTERNAL = 1).
inline std::string onnx_tensor_external(const std::string& name, int32_t data_type, const std::vector<int64_t>& dims) {
    std::string entry;
    {
        protozero::pbf_writer e(entry);
        e.add_string(1, "location");
        e.add_string(2, "weights.bin");
    }
    std::string out;
    protozero::pbf_writer w(out);
    for (int64_t d : dims) w.add_int64(1, d);
    w.add_int32(2, data_type);
    w.add_string(8, name);
    w.add_message(13, entry);
    w.add_int32(14, 1);
    return out;
}

// AttributeProto{name=1, f=2, i=3, s=4, t=5, g=6, floats=7, ints=8, strings=9, type=20}: the name,
// the value written by `write`, then the type code.
template <typename Write>
std::string onnx_attr(const std::string& name, int32_t type, Write write) {
    std::string out;
    protozero::pbf_writer w(out);
    w.add_string(1, name);
    write(w);
    w.add_int32(20, type);
    return out;
}
inline std::string onnx_attr_int(const std::string& name, int64_t v) {
    return onnx_attr(name, 2, [&](protozero::pbf_writer& w) { w.add_int64(3, v); });
}
inline std::string onnx_attr_float(const std::string& name, float v) {
    return onnx_attr(name, 1, [&](protozero::pbf_writer& w) { w.add_float(2, v); });
}
inline std::string onnx_attr_string(const std::string& name, const std::string& v) {
    return onnx_attr(name, 3, [&](protozero::pbf_writer& w) { w.add_string(4, v); });
}
inline std::string onnx_attr_tensor(const std::string& name, const std::string& tensor) {
    return onnx_attr(name, 4, [&](protozero::pbf_writer& w) { w.add_message(5, tensor); });
}
inline std::string onnx_attr_graph(const std::string& name, const std::string& graph) {
    return onnx_attr(name, 5, [&](protozero::pbf_writer& w) { w.add_message(6, graph); });
}
inline std::string onnx_attr_floats(const std::string& name, const std::vector<float>& v) {
    return onnx_attr(name, 6, [&](protozero::pbf_writer& w) { w.add_packed_float(7, v.begin(), v.end()); });
}
// Ints packed (proto3 style) or one tag per entry (proto2 style).
inline std::string onnx_attr_ints(const std::string& name, const std::vector<int64_t>& v, bool packed = true) {
    return onnx_attr(name, 7, [&](protozero::pbf_writer& w) {
        if (packed) w.add_packed_int64(8, v.begin(), v.end());
        else for (int64_t i : v) w.add_int64(8, i);
    });
}
inline std::string onnx_attr_strings(const std::string& name, const std::vector<std::string>& v) {
    return onnx_attr(name, 8, [&](protozero::pbf_writer& w) { for (const auto& s : v) w.add_string(9, s); });
}

// NodeProto with attributes=5 and domain=7.
inline std::string onnx_node_attrs(const std::string& op, const std::string& name, const std::vector<std::string>& inputs,
                                   const std::vector<std::string>& outputs, const std::vector<std::string>& attributes,
                                   const std::string& domain = "") {
    std::string out;
    protozero::pbf_writer w(out);
    for (const auto& i : inputs) w.add_string(1, i);
    for (const auto& o : outputs) w.add_string(2, o);
    w.add_string(3, name);
    w.add_string(4, op);
    for (const auto& a : attributes) w.add_message(5, a);
    if (!domain.empty()) w.add_string(7, domain);
    return out;
}

// NodeProto{input..., output..., name, op_type}
inline std::string onnx_node(const std::string& op, const std::string& name, const std::vector<std::string>& inputs,
                             const std::vector<std::string>& outputs) {
    return onnx_node_attrs(op, name, inputs, outputs, {});
}

// GraphProto{node=1, name=2, initializer=5, input=11, output=12, value_info=13}; each part already encoded.
struct OnnxGraph {
    std::string name = "g";
    std::vector<std::string> nodes, initializers, inputs, outputs, value_info;
    std::string bytes() const {
        std::string out;
        protozero::pbf_writer w(out);
        for (const auto& n : nodes) w.add_message(1, n);
        w.add_string(2, name);
        for (const auto& t : initializers) w.add_message(5, t);
        for (const auto& i : inputs) w.add_message(11, i);
        for (const auto& o : outputs) w.add_message(12, o);
        for (const auto& v : value_info) w.add_message(13, v);
        return out;
    }
};

// ModelProto{ir_version=1, producer_name=2, graph=7, opset_import=8 (domain=1, version=2)...}
inline std::string onnx_model_full(const std::string& graph, const std::vector<std::pair<std::string, int64_t>>& opsets,
                                   const std::string& producer = "") {
    std::string out;
    protozero::pbf_writer w(out);
    w.add_int64(1, 8);
    if (!producer.empty()) w.add_string(2, producer);
    w.add_message(7, graph);
    for (const auto& [domain, version] : opsets) {
        std::string o;
        protozero::pbf_writer ow(o);
        ow.add_string(1, domain);
        ow.add_int64(2, version);
        w.add_message(8, o);
    }
    return out;
}

inline Report inspect_onnx(const std::string& bytes, InspectOptions options = {}) {
    if (options.file_name.empty()) options.file_name = "model.onnx";
    return inspect_bytes(bytes, options);
}

}  // namespace wltest
