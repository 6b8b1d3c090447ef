// Hostile and broken input: every failure is a wattlayer::Error with a stable code and a message,
// never a crash or another exception type. Then the CLI contract: exit 0 / 1 (usage) / 2 (bad
// model, with {"error":{"code","message"}} on stdout for --format json), and the JSON report keys.
#include "test_helpers.hpp"

#include "wattlayer/energy.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <random>

using namespace wltest;
namespace fs = std::filesystem;

namespace {

using Dims = std::vector<int64_t>;

std::string code_of_bytes(const std::string& bytes, const std::string& file_name) {
    InspectOptions o;
    o.file_name = file_name;
    return error_code_of([&] { inspect_bytes(bytes, o); });
}

std::string code_of_json(const std::string& json) { return code_of_bytes(json, "model.json"); }

// A per-process scratch folder under the system temp directory, removed when the process ends.
struct ScratchDir {
    fs::path path;
    ScratchDir() : path(fs::temp_directory_path() / ("wattlayer_tests_" + std::to_string(::getpid()))) { fs::create_directories(path); }
    ~ScratchDir() {
        std::error_code ignored;
        fs::remove_all(path, ignored);
    }
};

const fs::path& scratch() {
    static const ScratchDir dir;
    return dir.path;
}

fs::path write_temp(const std::string& name, const std::string& bytes) {
    const fs::path p = scratch() / name;
    std::ofstream(p, std::ios::binary) << bytes;
    return p;
}

const std::string kRelu = R"({"name":"m","inputs":[{"name":"x","shape":[1,4]}],"layers":[{"name":"r","op":"Relu","inputs":["x"],"outputs":["y"]}]})";

}  // namespace

TEST_CASE("empty input is empty_file", "[malformed]") {
    CHECK(code_of_bytes("", "model.onnx") == "empty_file");
    CHECK(code_of_bytes("", "") == "empty_file");
}

TEST_CASE("bytes that are neither format are unknown_format", "[malformed]") {
    CHECK(code_of_bytes("hello, world", "notes.txt") == "unknown_format");
    CHECK(code_of_bytes(std::string(16, '\0'), "") == "unknown_format");
    // The file name breaks the tie, and the reader then rejects the bytes.
    CHECK(code_of_bytes("hello, world", "model.json") == "bad_json");
    CHECK(code_of_bytes("hello, world", "model.onnx") != "");
}

TEST_CASE("random bytes (seeded) give an Error - never a crash", "[malformed]") {
    std::mt19937 rng(12345);
    const uint8_t onnx_keys[] = {0x08, 0x12, 0x1a, 0x3a, 0x42};
    int errors = 0;
    const int runs = 300;
    for (int i = 0; i < runs; ++i) {
        std::string bytes(1 + rng() % 600, '\0');
        for (auto& c : bytes) c = static_cast<char>(rng() & 0xff);
        if (i % 2 == 0) bytes[0] = static_cast<char>(onnx_keys[rng() % 5]);  // make the ONNX reader dig in
        INFO("run " << i << ", " << bytes.size() << " bytes");
        const std::string code = code_of_bytes(bytes, i % 3 == 0 ? "x.onnx" : "x.bin");
        CHECK(code != "other");
        errors += code != "";
    }
    // A random buffer can happen to be a valid (empty) protobuf message; nearly all are not.
    CHECK(errors >= runs * 9 / 10);
}

TEST_CASE("a truncated real fixture is 'truncated' at every cut", "[malformed]") {
    const std::string full = read_file(fixture("onnx/tv_resnet50_b1.onnx"));
    REQUIRE(full.size() > 20000);
    CHECK(code_of_bytes(full, "resnet.onnx") == "");
    // Two bytes are a whole ir_version field: a complete message without a graph.
    CHECK(code_of_bytes(full.substr(0, 2), "resnet.onnx") == "invalid_model");
    for (size_t cut : {size_t{1}, size_t{3}, size_t{5}, size_t{17}, size_t{100}, size_t{1000}, size_t{4096}, size_t{15000},
                       full.size() / 2, full.size() - 100, full.size() - 1}) {
        INFO("cut at " << cut << " of " << full.size());
        CHECK(code_of_bytes(full.substr(0, cut), "resnet.onnx") == "truncated");
    }
}

TEST_CASE("wrong wire types are invalid_model", "[malformed]") {
    // ModelProto.graph (7) as a varint instead of a message.
    std::string graph_varint;
    {
        protozero::pbf_writer w(graph_varint);
        w.add_int64(1, 8);
        w.add_int64(7, 42);
    }
    CHECK(code_of_bytes(graph_varint, "m.onnx") == "invalid_model");

    // GraphProto.node (1) as a varint.
    std::string graph;
    protozero::pbf_writer(graph).add_int64(1, 3);
    CHECK(code_of_bytes(onnx_model(graph), "m.onnx") == "invalid_model");

    // TensorProto.dims (1) as fixed64.
    std::string tensor;
    {
        protozero::pbf_writer w(tensor);
        w.add_fixed64(1, 4);
        w.add_int32(2, 1);
        w.add_string(8, "w");
    }
    OnnxGraph g;
    g.initializers = {tensor};
    CHECK(code_of_bytes(onnx_model(g.bytes()), "m.onnx") == "invalid_model");

    // ModelProto.producer_name (2) as a varint.
    std::string producer;
    {
        protozero::pbf_writer w(producer);
        w.add_int64(2, 5);
        w.add_message(7, OnnxGraph().bytes());
    }
    CHECK(code_of_bytes(producer, "m.onnx") == "invalid_model");
}

TEST_CASE("a model without a graph - an attribute of unknown type - subgraphs nested too deep", "[malformed]") {
    std::string no_graph;
    protozero::pbf_writer(no_graph).add_int64(1, 8);
    CHECK(code_of_bytes(no_graph, "m.onnx") == "invalid_model");

    std::string bad_attr;
    {
        protozero::pbf_writer w(bad_attr);
        w.add_string(1, "alpha");
        w.add_int32(20, 99);
    }
    OnnxGraph g;
    g.inputs = {onnx_value_info("x", 1, {1, 4})};
    g.nodes = {onnx_node_attrs("Relu", "r", {"x"}, {"y"}, {bad_attr})};
    CHECK(code_of_bytes(onnx_model(g.bytes()), "m.onnx") == "invalid_model");

    // 40 levels of If inside If.
    std::string body = OnnxGraph().bytes();
    for (int i = 0; i < 40; ++i) {
        OnnxGraph outer;
        outer.nodes = {onnx_node_attrs("If", "if" + std::to_string(i), {"c"}, {"o"}, {onnx_attr_graph("then_branch", body)})};
        body = outer.bytes();
    }
    CHECK(code_of_bytes(onnx_model(body), "m.onnx") == "invalid_model");
}

TEST_CASE("an ONNX node without outputs is not a crash", "[malformed]") {
    OnnxGraph g;
    g.inputs = {onnx_value_info("x", 1, {4})};
    g.nodes = {onnx_node("Relu", "r", {"x"}, {})};
    CHECK(code_of_bytes(onnx_model(g.bytes()), "m.onnx") != "other");  // an Error or a report, never SIGSEGV
}

TEST_CASE("Conv on a scalar is unknown - not a crash", "[malformed]") {
    const auto r = inspect_json(R"({"name":"m","inputs":[{"name":"x","shape":[]}],
      "layers":[{"name":"conv","op":"Conv","inputs":["x",{"name":"w","shape":[],"weight":true}],"outputs":["y"]}]})");
    CHECK_FALSE(layer(r, "conv").shape_known);
}

TEST_CASE("a cycle is a 'cycle' error naming a node", "[malformed]") {
    bool thrown = false;
    try {
        inspect_json(R"({"name":"m","inputs":[{"name":"x","shape":[1,4]}],
          "layers":[{"name":"a","op":"Add","inputs":["x","b_out"],"outputs":["a_out"]},
                    {"name":"b","op":"Relu","inputs":["a_out"],"outputs":["b_out"]}]})");
    } catch (const wattlayer::Error& e) {
        thrown = true;
        CHECK(e.code() == "cycle");
        const std::string what = e.what();
        CHECK((what.find("'a'") != std::string::npos || what.find("'b'") != std::string::npos));
    }
    CHECK(thrown);
    // A node feeding itself.
    CHECK(code_of_json(R"({"name":"m","layers":[{"name":"self","op":"Relu","inputs":["s"],"outputs":["s"]}]})") == "cycle");
}

TEST_CASE("a tensor produced twice is invalid_model", "[malformed]") {
    OnnxGraph g;
    g.inputs = {onnx_value_info("x", 1, {1, 4})};
    g.nodes = {onnx_node("Relu", "a", {"x"}, {"y"}), onnx_node("Neg", "b", {"x"}, {"y"})};
    CHECK(code_of_bytes(onnx_model(g.bytes()), "m.onnx") == "invalid_model");
    CHECK(code_of_json(R"({"name":"m","inputs":[{"name":"x","shape":[1]}],"layers":[
        {"name":"a","op":"Relu","inputs":["x"],"outputs":["y"]},{"name":"b","op":"Neg","inputs":["x"],"outputs":["y"]}]})") == "invalid_model");
}

TEST_CASE("dims whose product overflows int64 are an 'overflow' error", "[malformed]") {
    const int64_t big = int64_t{1} << 40;
    // JSON input [2^40, 2^40]: 2^80 elements.
    const std::string json = R"({"name":"m","inputs":[{"name":"x","shape":[)" + std::to_string(big) + "," + std::to_string(big) +
                             R"(]}],"layers":[{"name":"r","op":"Relu","inputs":["x"],"outputs":["y"]}]})";
    CHECK(code_of_json(json) == "overflow");
    // ONNX graph input of the same dims.
    OnnxGraph g;
    g.inputs = {onnx_value_info("x", 1, {big, big})};
    g.nodes = {onnx_node("Relu", "r", {"x"}, {"y"})};
    CHECK(code_of_bytes(onnx_model(g.bytes()), "m.onnx") == "overflow");
    // An initializer of the same dims: the reader counts its elements.
    OnnxGraph gi;
    gi.initializers = {onnx_tensor_external("w", 1, {big, big})};
    CHECK(code_of_bytes(onnx_model(gi.bytes()), "m.onnx") == "overflow");
    // 2^62 elements fit, but not their 2^67 bits: still an overflow, not a wrapped byte count.
    const int64_t half = int64_t{1} << 31;
    CHECK(code_of_json(R"({"name":"m","inputs":[{"name":"x","shape":[)" + std::to_string(half) + "," + std::to_string(half) +
                       R"(]}],"layers":[{"name":"r","op":"Relu","inputs":["x"],"outputs":["y"]}]})") == "overflow");
    // A negative initializer dim.
    OnnxGraph gn;
    gn.initializers = {onnx_tensor_external("w", 1, {-3, 2})};
    CHECK(code_of_bytes(onnx_model(gn.bytes()), "m.onnx") == "invalid_model");
}

TEST_CASE("bad JSON models - syntax - missing op - badly typed fields", "[malformed]") {
    CHECK(code_of_json(R"({"name":"m","layers":[)") == "bad_json");
    CHECK(code_of_json(R"({"name":"m","layers":[{"name":"a","op":"Relu",}]})") == "bad_json");
    CHECK(code_of_json(R"({"name":"m"})") == "invalid_model");  // no layers
    CHECK(code_of_json(R"({"name":"m","layers":[{"name":"a","inputs":["x"]}]})") == "invalid_model");  // no op
    CHECK(code_of_json(R"({"name":"m","layers":[{"name":"a","op":7}]})") == "invalid_model");
    CHECK(code_of_json(R"({"name":"m","layers":{"a":1}})") == "invalid_model");
    CHECK(code_of_json(R"({"name":"m","inputs":[{"name":"x","shape":"1x3"}],"layers":[]})") == "invalid_model");
    CHECK(code_of_json(R"({"name":"m","inputs":[{"name":"x","shape":[1,true]}],"layers":[]})") == "invalid_model");
    CHECK(code_of_json(R"({"name":"m","inputs":[{"name":"x","shape":[1,2.5]}],"layers":[]})") == "invalid_model");
    CHECK(code_of_json(R"({"name":"m","inputs":[{"name":"x","shape":[1,-2]}],"layers":[]})") == "invalid_model");
    CHECK(code_of_json(R"({"name":"m","inputs":[{"name":"x","shape":[1],"dtype":"float33"}],"layers":[]})") == "invalid_model");
    CHECK(code_of_json(R"({"name":"m","opset":"17","layers":[]})") == "invalid_model");
    CHECK(code_of_json(R"({"name":"m","layers":[{"name":"a","op":"Relu","params":-1}]})") == "invalid_model");
    CHECK(code_of_json(R"({"name":"m","layers":[{"name":"a","op":"Relu","attributes":{"k":[1,"x"]}}]})") == "invalid_model");
    CHECK(code_of_json(R"({"name":"m","layers":[{"name":"a","op":"Reshape","inputs":["x",{"name":"t","shape":[2],"dtype":"int64","value":[1]}]}]})") ==
          "invalid_model");  // 1 value for 2 elements
    CHECK(code_of_json(R"({"name":"m","layers":[{"name":"a","op":"Conv","inputs":["x",{"name":"w","shape":[4,"C"],"weight":true}]}]})") ==
          "invalid_model");  // a weight needs numeric dims
    // A symbolic dim is not an error: a string in a shape names a dimension.
    CHECK(code_of_json(R"({"name":"m","inputs":[{"name":"x","shape":[1,"S"]}],"layers":[{"name":"a","op":"Relu","inputs":["x"]}]})") == "");
}

TEST_CASE("a dangling input is a warning - not an error", "[malformed]") {
    const auto r = inspect_json(R"({"name":"m","inputs":[{"name":"x","shape":[1,4]}],
      "layers":[{"name":"add","op":"Add","inputs":["x","ghost"],"outputs":["y"]},
                {"name":"relu","op":"Relu","inputs":["x"],"outputs":["z"]}]})");
    const auto* w = find_warning(r, "dangling_input");
    REQUIRE(w != nullptr);
    CHECK(w->message.find("ghost") != std::string::npos);
    CHECK_FALSE(layer(r, "add").shape_known);
    CHECK(layer(r, "relu").shape_known);
    CHECK(r.total.unknown_shape_layers == 1);
}

TEST_CASE("CLI - a corrupt file exits 2 with a JSON error on stdout", "[cli]") {
    const std::string full = read_file(fixture("onnx/tv_resnet50_b1.onnx"));
    const fs::path cut = write_temp("cut.onnx", full.substr(0, 1000));
    const auto r = run_cli("inspect '" + cut.string() + "' --format json");
    CHECK(r.exit_code == 2);
    const auto j = nlohmann::json::parse(r.out);
    REQUIRE(j.contains("error"));
    CHECK(j["error"]["code"] == "truncated");
    CHECK(j["error"]["message"].get<std::string>().find("truncated") != std::string::npos);
    CHECK(j.size() == 1);

    // Without --format json the message goes to stderr and stdout stays empty.
    const auto text = run_cli("inspect '" + cut.string() + "'");
    CHECK(text.exit_code == 2);
    CHECK(text.out.empty());
    CHECK(text.err.find("truncated") != std::string::npos);

    const auto missing = run_cli("inspect '" + (scratch() / "no_such_file.onnx").string() + "' --format json");
    CHECK(missing.exit_code == 2);
    CHECK(nlohmann::json::parse(missing.out)["error"]["code"] == "file_not_found");

    const fs::path empty = write_temp("empty.onnx", "");
    CHECK(nlohmann::json::parse(run_cli("inspect '" + empty.string() + "' --format json").out)["error"]["code"] == "empty_file");
}

TEST_CASE("CLI - usage errors exit 1 with the usage on stderr", "[cli]") {
    const fs::path model = write_temp("relu.json", kRelu);
    for (const std::string& args : {std::string("inspect"), std::string(""), std::string("frobnicate ") + model.string(),
                                   "inspect '" + model.string() + "' --format xml", "inspect '" + model.string() + "' --bogus",
                                   "inspect '" + model.string() + "' --batch", "inspect '" + model.string() + "' --dim S"}) {
        INFO("args: " << args);
        const auto r = run_cli(args);
        CHECK(r.exit_code == 1);
        CHECK(r.out.empty());
        CHECK(r.err.find("usage:") != std::string::npos);
    }
    const auto help = run_cli("--help");
    CHECK(help.exit_code == 0);
    CHECK(help.out.find("usage:") != std::string::npos);
}

TEST_CASE("CLI - a fixture gives exit 0 and the JSON contract", "[cli]") {
    const auto r = run_cli("inspect '" + fixture("onnx/tv_mobilenet_v3_small_b1.onnx") + "' --format json --batch 2");
    REQUIRE(r.exit_code == 0);
    const auto j = nlohmann::json::parse(r.out);
    for (const char* key : {"model", "batch", "layers", "total", "warnings"}) {
        INFO(key);
        CHECK(j.contains(key));
    }
    for (const char* key : {"name", "format", "opset", "producer", "nodes"}) {
        INFO(key);
        CHECK(j["model"].contains(key));
    }
    CHECK(j["model"]["format"] == "onnx");
    CHECK(j["model"]["opset"] == 17);
    CHECK(j["model"]["producer"] == "pytorch");
    CHECK(j["model"]["nodes"] == 159);
    CHECK(j["batch"] == 2);
    REQUIRE(j["layers"].is_array());
    REQUIRE_FALSE(j["layers"].empty());
    int64_t flops = 0;
    for (const auto& l : j["layers"]) {
        for (const char* key : {"name", "op", "category", "inputs", "outputs", "flops", "params", "bytes_read", "bytes_written"}) {
            INFO(key);
            REQUIRE(l.contains(key));
        }
        CHECK(l["inputs"].is_array());
        CHECK(l["outputs"].is_array());
        flops += l["flops"].get<int64_t>();
    }
    const auto& first = j["layers"][0];
    CHECK(first["op"] == "Conv");
    CHECK(first["outputs"][0] == nlohmann::json::array({2, 16, 112, 112}));
    for (const char* key : {"flops", "params", "bytes_read", "bytes_written", "layers", "unknown_shape_layers"}) {
        INFO(key);
        CHECK(j["total"].contains(key));
    }
    CHECK(j["total"]["flops"] == flops);
    CHECK(j["total"]["layers"] == j["layers"].size());
    CHECK(j["total"]["unknown_shape_layers"] == 0);
    CHECK(j["warnings"].is_array());

    // The same report through the library.
    InspectOptions o;
    o.file_name = "tv_mobilenet_v3_small_b1.onnx";
    o.batch = 2;
    const auto report = inspect_bytes(read_file(fixture("onnx/tv_mobilenet_v3_small_b1.onnx")), o);
    CHECK(nlohmann::json::parse(wattlayer::report_json_text(report)) == j);
}

TEST_CASE("CLI - csv and table formats", "[cli]") {
    const fs::path model = write_temp("two.json", R"({"name":"two","inputs":[{"name":"x","shape":[1,4]}],
      "layers":[{"name":"r","op":"Relu","inputs":["x"],"outputs":["y"]},{"name":"n,eg","op":"Neg","inputs":["y"],"outputs":["z"]}]})");
    const auto csv = run_cli("inspect '" + model.string() + "' --format csv");
    REQUIRE(csv.exit_code == 0);
    CHECK(csv.out.rfind("name,op,category,dtype,inputs,outputs,flops,params,bytes_read,weight_bytes,bytes_written,shape_known\n", 0) == 0);
    CHECK(csv.out.find("\nr,Relu,elementwise,float32,1x4,1x4,4,0,16,0,16,true\n") != std::string::npos);
    CHECK(csv.out.find("\n\"n,eg\",Neg,") != std::string::npos);  // a comma in a name is quoted
    CHECK(std::count(csv.out.begin(), csv.out.end(), '\n') == 3);

    const auto table = run_cli("inspect '" + model.string() + "' --format table");
    REQUIRE(table.exit_code == 0);
    CHECK(table.out.rfind("two (json, opset 17, 2 nodes), batch 1", 0) == 0);
    CHECK(table.out.find("Relu") != std::string::npos);
    CHECK(table.out.find("total: 8FLOPs") != std::string::npos);
    // The default format is the table.
    CHECK(run_cli("inspect '" + model.string() + "'").out == table.out);
}

TEST_CASE("a JSON number out of double range is a bad_json error", "[malformed]") {
    // Found by fuzzing (tests/fuzz/regressions/json_number_out_of_range): nlohmann::json throws
    // out_of_range, not parse_error, for a literal such as 6E666.
    CHECK(error_code_of([] { inspect_json(R"({"name":6E666,"layers":[]})"); }) == "bad_json");
    const std::string found = read_file(std::string(WATTLAYER_FIXTURES) + "/../fuzz/regressions/json_number_out_of_range");
    CHECK(error_code_of([&] { inspect_bytes(found.substr(1)); }) != "other");
}

TEST_CASE("names that are not UTF-8 are replaced in the JSON report - not an error", "[malformed]") {
    // Found by fuzzing the scanner: an ONNX name may hold any bytes, and the JSON text refused them.
    OnnxGraph g;
    g.nodes = {onnx_node("Relu", std::string("bad\xff\xfename"), {"X"}, {"Y"})};
    g.inputs = {onnx_value_info("X", 1, {1, 4})};
    g.outputs = {onnx_value_info("Y", 1, {1, 4})};
    const std::string text = wattlayer::report_json_text(inspect_onnx(onnx_model(g.bytes())));
    CHECK(text.find("bad\xEF\xBF\xBD\xEF\xBF\xBDname") != std::string::npos);  // two U+FFFD
}

TEST_CASE("errors name the problem in words, never the parsing libraries' internals", "[malformed]") {
    std::string wire_type_7, field_zero, long_varint;
    wire_type_7 = std::string("\x0f", 1) + "abc";                  // field 1 with wire type 7
    field_zero = std::string("\x00\x01", 2);                       // field number 0
    long_varint = std::string("\x08", 1) + std::string(11, '\xff');  // a varint of 11 bytes
    const std::vector<std::pair<std::string, std::string>> files = {
        {wire_type_7, "m.onnx"}, {field_zero, "m.onnx"}, {long_varint, "m.onnx"},
        {"{\"name\": \"m\", \"layers\": [", "m.json"}, {"{\"name\": 3, \"layers\": []}", "m.json"}};
    for (const auto& [bytes, name] : files) {
        InspectOptions o;
        o.file_name = name;
        std::string message;
        try {
            inspect_bytes(bytes, o);
        } catch (const wattlayer::Error& e) {
            message = e.what();
        }
        INFO(name << ": " << message);
        CHECK_FALSE(message.empty());
        for (const char* jargon : {"exception", "wire type", "varint", "pbf", "protobuf", "json.exception", "tag"})
            CHECK(message.find(jargon) == std::string::npos);
    }
    // A profile file too.
    std::string message;
    try {
        wattlayer::profile_from_json_text("{\"id\": ");
    } catch (const wattlayer::Error& e) {
        message = e.what();
    }
    CHECK(message.find("json.exception") == std::string::npos);
    CHECK(message.find("not JSON") != std::string::npos);
}

