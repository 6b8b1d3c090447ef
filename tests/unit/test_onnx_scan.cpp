// The streaming ONNX scanner: fed in pieces of any size, it keeps exactly what the reader needs
// (the same report as reading the whole file) and skips tensor payloads by offset.

#include "test_helpers.hpp"
#include "wattlayer/onnx_scan.hpp"

using namespace wltest;
using wattlayer::OnnxGraphScanner;

namespace {

struct Scanned {
    std::string graph;
    uint64_t skipped = 0;
    uint64_t bytes_fed = 0;  // what the caller had to read
};

// Feeds `bytes` as a reader of a file would: `chunk` bytes from next_offset() each time (0: as
// many as next_read_size() asks for).
Scanned scan(const std::string& bytes, size_t chunk) {
    OnnxGraphScanner scanner(bytes.size());
    Scanned result;
    for (int guard = 0; !scanner.done(); ++guard) {
        REQUIRE(guard < 10'000'000);
        const uint64_t at = scanner.next_offset();
        const size_t n = static_cast<size_t>(std::min<uint64_t>(chunk ? chunk : scanner.next_read_size(), bytes.size() - at));
        scanner.feed(reinterpret_cast<const uint8_t*>(bytes.data()) + at, n);
        result.bytes_fed += n;
    }
    const auto& graph = scanner.graph();
    result.graph.assign(graph.begin(), graph.end());
    result.skipped = scanner.skipped_bytes();
    return result;
}

std::string report_json(const std::string& bytes) {
    InspectOptions options;
    options.file_name = "model.onnx";
    return wattlayer::report_json_text(inspect_onnx(bytes, options));
}

std::string floats_bytes(size_t count) { return std::string(count * sizeof(float), '\x01'); }

// X[1,256] -> MatMul(W[256,1024] inline) -> Add(Constant node holding a 256 KiB tensor) ->
// Reshape(to a small inline int64 shape) -> Y[2,512]. Doc strings everywhere, as exporters write.
std::string model_with_inline_weights() {
    std::string big_constant;
    {
        protozero::pbf_writer w(big_constant);
        w.add_string(1, "value");
        w.add_message(5, onnx_tensor_raw("c", 1, {1, 1024}, floats_bytes(1024)));
        w.add_int32(20, 4);  // TENSOR
    }
    std::string matmul = onnx_node("MatMul", "mm", {"X", "W"}, {"h"});
    protozero::pbf_writer(matmul).add_string(6, "a node's doc string");
    OnnxGraph g;
    g.nodes = {matmul, onnx_node_attrs("Constant", "const", {}, {"C"}, {big_constant}),
               onnx_node("Add", "add", {"h", "C"}, {"a"}), onnx_node("Reshape", "reshape", {"a", "shape"}, {"Y"})};
    g.initializers = {onnx_tensor_raw("W", 1, {256, 1024}, floats_bytes(256 * 1024)), onnx_tensor_int64("shape", {2}, {2, 512})};
    g.inputs = {onnx_value_info("X", 1, {1, 256})};
    g.outputs = {onnx_value_info("Y", 1, {2, 512})};
    std::string graph = g.bytes();
    protozero::pbf_writer(graph).add_string(10, std::string(100'000, 'd'));  // a long graph doc string
    return onnx_model(graph);
}

}  // namespace

TEST_CASE("Scanning a model with inline weights keeps the graph and skips the payloads") {
    const std::string file = model_with_inline_weights();
    const std::string expected = report_json(file);
    const size_t chunk = GENERATE(size_t{32}, size_t{33}, size_t{100}, size_t{4096}, size_t{1} << 20, size_t{64} << 20);
    INFO("chunk " << chunk);
    const Scanned s = scan(file, chunk);
    CHECK(report_json(s.graph) == expected);
    CHECK(s.skipped == 256 * 1024 * 4);  // W; the Constant's 4 KiB tensor is small enough to keep
    CHECK(s.graph.size() < 8 * 1024);    // doc strings dropped with the weights
    if (chunk <= 4096) CHECK(s.bytes_fed < 200'000);  // the weights were never read
    const Report r = inspect_onnx(s.graph);
    CHECK(r.total.params == 256 * 1024);
    CHECK(out_dims(layer(r, "reshape")) == std::vector<int64_t>{2, 512});
}

TEST_CASE("Every ONNX fixture streams to the same report as a whole read") {
    const std::string name = GENERATE(as<std::string>{}, "hf_bert_base_b1.onnx", "tv_resnet50_b1.onnx", "tv_swin_t_b1.onnx",
                                      "timm_halonet26t_b1.onnx", "tv_ssdlite320_mobilenet_v3_large_b1.onnx");
    INFO(name);
    const std::string file = read_file(fixture("onnx/" + name));
    const size_t chunk = GENERATE(size_t{37}, size_t{65536});
    CHECK(report_json(scan(file, chunk).graph) == report_json(file));
}

TEST_CASE("A tensor's large packed float_data is skipped like raw_data") {
    std::string tensor;
    {
        protozero::pbf_writer w(tensor);
        w.add_int64(1, 300);
        w.add_int64(1, 200);
        w.add_int32(2, 1);
        w.add_string(8, "W");
        const std::vector<float> values(300 * 200, 0.5f);
        w.add_packed_float(4, values.begin(), values.end());
    }
    OnnxGraph g;
    g.nodes = {onnx_node("MatMul", "mm", {"X", "W"}, {"Y"})};
    g.initializers = {tensor};
    g.inputs = {onnx_value_info("X", 1, {4, 300})};
    g.outputs = {onnx_value_info("Y", 1, {4, 200})};
    const std::string file = onnx_model(g.bytes());
    const Scanned s = scan(file, 4096);
    CHECK(s.skipped == 300 * 200 * 4);
    CHECK(report_json(s.graph) == report_json(file));
    CHECK(inspect_onnx(file).total.params == 300 * 200);
}

TEST_CASE("The scanner reports truncated and malformed files") {
    const std::string file = model_with_inline_weights();
    auto error_of_scan = [](const std::string& bytes, size_t chunk) { return error_code_of([&] { scan(bytes, chunk); }); };
    // Cut inside W's payload, inside a node, and in the middle of a field key.
    CHECK(error_of_scan(file.substr(0, file.size() / 2), 4096) == "truncated");
    CHECK(error_of_scan(file.substr(0, 40), 4096) == "truncated");
    CHECK(error_of_scan(file.substr(0, file.size() - 1), 32) == "truncated");
    // A graph whose node claims more bytes than the graph holds.
    std::string inner;
    protozero::pbf_writer(inner).add_string(1, "x");
    std::string graph = "\x0a\x7f" + inner;  // node: length 127, but 3 bytes follow
    CHECK(error_of_scan(onnx_model_full(graph, {{"", 17}}), 64) == "invalid_model");  // the graph is not last
    // An unknown wire type.
    CHECK(error_of_scan(std::string("\x0f\x00", 2) + std::string(40, '\0'), 64) == "invalid_model");
}

TEST_CASE("The scanner bounds nesting depth and field sizes") {
    // 70 nested If bodies: Graph > Node > Attribute > Graph > ...
    std::string graph = OnnxGraph{}.bytes();
    for (int i = 0; i < 70; ++i) {
        std::string attr;
        {
            protozero::pbf_writer w(attr);
            w.add_string(1, "then_branch");
            w.add_message(6, graph);
            w.add_int32(20, 5);
        }
        OnnxGraph outer;
        outer.nodes = {onnx_node_attrs("If", "if", {"c"}, {"y"}, {attr})};
        graph = outer.bytes();
    }
    CHECK(error_code_of([&] { scan(onnx_model(graph), 1 << 16); }) == "too_large");
    // A 20 MiB node name.
    OnnxGraph g;
    g.nodes = {onnx_node("Relu", std::string(20 << 20, 'n'), {"X"}, {"Y"})};
    CHECK(error_code_of([&] { scan(onnx_model(g.bytes()), 1 << 20); }) == "too_large");
}

TEST_CASE("The scanner refuses bytes past the end of the file") {
    const std::string file = onnx_model(OnnxGraph{}.bytes());
    OnnxGraphScanner scanner(file.size());
    const std::string more = file + "extra";
    CHECK(error_code_of([&] { scanner.feed(reinterpret_cast<const uint8_t*>(more.data()), more.size()); }) == "bad_argument");
}

TEST_CASE("JSON models nest at most 64 levels") {
    const std::string deep = std::string(100, '[') + std::string(100, ']');
    CHECK(error_code_of([&] { inspect_json(deep); }) == "too_large");
}

TEST_CASE("The scanner sizes the reads - small after a skip and doubling through graph bytes", "[scan]") {
    OnnxGraphScanner scanner(1 << 30);
    CHECK(scanner.next_read_size() == OnnxGraphScanner::kFirstReadBytes);
    // A graph whose first initializer is a 1 MiB payload: the read that meets it jumps past it.
    const std::string file = model_with_inline_weights();
    const Scanned s = scan(file, 0);
    CHECK(report_json(s.graph) == report_json(file));
    CHECK(s.bytes_fed < 200'000);  // the weights were never read
    // Dense graph bytes (no payload to skip): each read doubles, up to the maximum.
    OnnxGraph g;
    for (int i = 0; i < 20000; ++i) g.nodes.push_back(onnx_node("Relu", "r" + std::to_string(i), {"x" + std::to_string(i)}, {"x" + std::to_string(i + 1)}));
    const std::string big = onnx_model(g.bytes());
    OnnxGraphScanner dense(big.size());
    size_t size = dense.next_read_size();
    dense.feed(reinterpret_cast<const uint8_t*>(big.data()), std::min(size, big.size()));
    if (!dense.done()) CHECK(dense.next_read_size() == std::min(2 * size, OnnxGraphScanner::kMaxReadBytes));
}
