#pragma once
// Shared helpers of the unit tests: run the core on a JSON model string, find a layer, turn a
// report shape into plain numbers, read fixture files, and write tiny ONNX files by hand.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

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
        if (w.code == code) return &w;
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

// TypeProto{tensor_type{elem_type, shape{dim{dim_value}...}}}
inline std::string onnx_type(int32_t elem_type, const std::vector<int64_t>& shape) {
    std::string dims_buf;
    {
        protozero::pbf_writer shape_w(dims_buf);
        for (int64_t d : shape) {
            std::string dim;
            protozero::pbf_writer(dim).add_int64(1, d);
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

// ValueInfoProto{name, type}
inline std::string onnx_value_info(const std::string& name, int32_t elem_type, const std::vector<int64_t>& shape) {
    std::string out;
    protozero::pbf_writer w(out);
    w.add_string(1, name);
    w.add_message(2, onnx_type(elem_type, shape));
    return out;
}

// NodeProto{input..., output..., name, op_type}
inline std::string onnx_node(const std::string& op, const std::string& name, const std::vector<std::string>& inputs,
                             const std::vector<std::string>& outputs) {
    std::string out;
    protozero::pbf_writer w(out);
    for (const auto& i : inputs) w.add_string(1, i);
    for (const auto& o : outputs) w.add_string(2, o);
    w.add_string(3, name);
    w.add_string(4, op);
    return out;
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

}  // namespace wltest
