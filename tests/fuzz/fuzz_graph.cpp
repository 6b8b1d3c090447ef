// libFuzzer target, structure-aware: the input bytes are a recipe for a small model built from the
// operator registry (one node, or two chained), with the shapes and attribute values that hostile
// files use: 0, 1, -1, 2^31, 2^40, 2^62, 2^63-1, ranks up to 8, negative axes, constant shape
// inputs holding extreme integers, NaN and infinities. Byte-level fuzzing of whole files almost
// never reaches a rule's arithmetic with such values; this does, at every row of the registry.
// Every such graph must be inspected and estimated, or rejected with a wattlayer::Error; a crash,
// a sanitizer report or any other exception is a bug.
//
// With WATTLAYER_FUZZ_GRAPH_DUMP set, each model is also printed as JSON on stderr (to turn a crash input
// into a readable regression file for tests/fuzz/regressions/).
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <string>
#include <vector>

#include <fuzzer/FuzzedDataProvider.h>
#include <nlohmann/json.hpp>

#include "wattlayer/error.hpp"
#include "wattlayer/estimate.hpp"
#include "wattlayer/inspect.hpp"
#include "wattlayer/operators.hpp"

namespace {

using nlohmann::json;

const std::vector<wattlayer::OperatorInfo>& registry() {
    static const std::vector<wattlayer::OperatorInfo> rows = wattlayer::operators();
    return rows;
}

// Integers that break arithmetic: sizes around the type limits, zero, one and negatives.
int64_t extreme_int(FuzzedDataProvider& in) {
    static constexpr int64_t kValues[] = {0, 1, 2, 3, 4, 7, 64, -1, -2, -3, int64_t{1} << 31, int64_t{1} << 40, int64_t{1} << 62,
                                          std::numeric_limits<int64_t>::max(), std::numeric_limits<int64_t>::min(), 3037000500, 4294967296};
    if (in.ConsumeBool()) return in.PickValueInArray(kValues);
    return in.ConsumeIntegralInRange<int64_t>(-8, 300);
}

// A dimension of a declared shape: mostly small, sometimes huge or symbolic.
json dimension(FuzzedDataProvider& in) {
    switch (in.ConsumeIntegralInRange<int>(0, 9)) {
        case 0: return "S";
        case 1: return extreme_int(in);
        default: return in.ConsumeIntegralInRange<int64_t>(0, 16);
    }
}

json shape(FuzzedDataProvider& in) {
    json s = json::array();
    const int rank = in.ConsumeIntegralInRange<int>(0, 8);
    for (int i = 0; i < rank; ++i) s.push_back(dimension(in));
    return s;
}

// A constant input (a shape, axes, pads, repeats, a scalar): small, with extreme values.
json constant(FuzzedDataProvider& in) {
    const bool floats = in.ConsumeIntegralInRange<int>(0, 3) == 0;
    const size_t n = in.ConsumeIntegralInRange<size_t>(0, 6);
    json values = json::array();
    for (size_t i = 0; i < n; ++i) {
        if (!floats) values.push_back(extreme_int(in));
        else switch (in.ConsumeIntegralInRange<int>(0, 4)) {
            case 0: values.push_back("NaN"); break;
            case 1: values.push_back(in.ConsumeBool() ? "Infinity" : "-Infinity"); break;
            case 2: values.push_back(1e300); break;
            default: values.push_back(in.ConsumeFloatingPointInRange<double>(-4, 4)); break;
        }
    }
    json t = {{"shape", n == 1 && in.ConsumeBool() ? json::array() : json::array({n})}, {"dtype", floats ? "float32" : "int64"}, {"value", values}};
    return t;
}

// Attributes rules read, each with an extreme value, a list of them, or a string.
json attributes(FuzzedDataProvider& in) {
    static constexpr const char* kInts[] = {"axis", "keepdims", "blocksize", "group", "k", "to", "num_scan_inputs", "ceil_mode",
                                            "transA", "transB", "allowzero", "batch_dims", "largest", "upper", "num_heads", "output_height",
                                            "output_width", "sampling_ratio", "center_point_box", "select_last_index", "new_axis", "detect_negative"};
    static constexpr const char* kLists[] = {"axes", "strides", "pads", "kernel_shape", "dilations", "perm", "split", "starts", "ends",
                                             "shape", "output_shape", "output_padding", "sizes", "repeats", "value_ints", "pooled_shape"};
    static constexpr const char* kStrings[] = {"auto_pad", "mode", "coordinate_transformation_mode", "equation", "direction"};
    static constexpr const char* kStringValues[] = {"SAME_UPPER", "SAME_LOWER", "VALID", "NOTSET", "DCR", "CRD", "ij,jk->ik", "...i,i",
                                                    "bidirectional", "reverse", "", "a,a->"};
    json attrs = json::object();
    const int count = in.ConsumeIntegralInRange<int>(0, 4);
    for (int a = 0; a < count; ++a) {
        switch (in.ConsumeIntegralInRange<int>(0, 2)) {
            case 0: attrs[in.PickValueInArray(kInts)] = extreme_int(in); break;
            case 1: {
                json list = json::array();
                const int n = in.ConsumeIntegralInRange<int>(0, 8);
                for (int i = 0; i < n; ++i) list.push_back(extreme_int(in));
                attrs[in.PickValueInArray(kLists)] = list;
                break;
            }
            default: attrs[in.PickValueInArray(kStrings)] = in.PickValueInArray(kStringValues); break;
        }
    }
    return attrs;
}

// One node of a registry row, reading `first` (a tensor name) and more inputs of its own.
json node(FuzzedDataProvider& in, const std::string& name, const std::string& first, const std::string& output, json& inputs) {
    const auto& rows = registry();
    const wattlayer::OperatorInfo& row = rows[in.ConsumeIntegralInRange<size_t>(0, rows.size() - 1)];
    json n = {{"name", name}, {"op", row.op}, {"outputs", json::array({output, output + "_b", output + "_c"})}, {"attributes", attributes(in)}};
    if (!row.domain.empty()) n["domain"] = row.domain;
    json ins = json::array({first});
    const int more = in.ConsumeIntegralInRange<int>(0, 5);
    for (int i = 1; i <= more; ++i) {
        const std::string input_name = name + "_in" + std::to_string(i);
        switch (in.ConsumeIntegralInRange<int>(0, 3)) {
            case 0: ins.push_back(nullptr); break;  // an omitted optional input
            case 1: {
                json c = constant(in);
                c["name"] = input_name;
                ins.push_back(c);
                break;
            }
            default:
                inputs.push_back({{"name", input_name}, {"shape", shape(in)}, {"dtype", in.ConsumeBool() ? "float32" : "int64"}});
                ins.push_back(input_name);
                break;
        }
    }
    n["inputs"] = ins;
    return n;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    FuzzedDataProvider in(data, size);
    json inputs = json::array({{{"name", "x"}, {"shape", shape(in)}, {"dtype", in.ConsumeBool() ? "float32" : "int64"}}});
    json layers = json::array();
    layers.push_back(node(in, "a", "x", "y", inputs));
    if (in.ConsumeBool()) layers.push_back(node(in, "b", "y", "z", inputs));  // a second node reads what the first made
    json model = {{"format", "wattlayer-json"}, {"version", 1}, {"name", "fuzz"}, {"inputs", inputs}, {"layers", layers}};
    const std::string text = model.dump();
    if (std::getenv("WATTLAYER_FUZZ_GRAPH_DUMP")) std::fprintf(stderr, "%s\n", text.c_str());  // unbuffered: shown before a crash

    wattlayer::InspectOptions options;
    options.file_name = "fuzz.json";
    const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
    try {
        wattlayer::report_json_text(wattlayer::inspect(bytes, text.size(), options));
    } catch (const wattlayer::Error&) {
    }
    try {
        options.batch = 8;
        wattlayer::report_json_text(wattlayer::estimate(bytes, text.size(), options, wattlayer::builtin_profiles()[0]));
    } catch (const wattlayer::Error&) {
    }
    return 0;
}
