// Model-local functions (ONNX FunctionProto): inlined into the main graph by the reader, so that a
// function call is costed as its body, whatever reads the file (whole, or streamed by the scanner).
#include "test_helpers.hpp"
#include "wattlayer/onnx_scan.hpp"

using namespace wltest;

namespace {

using Dims = std::vector<int64_t>;

// An attribute that takes the caller's attribute `ref` (AttributeProto.ref_attr_name = 21).
std::string ref_attr(const std::string& name, int32_t type, const std::string& ref) {
    return onnx_attr(name, type, [&](protozero::pbf_writer& w) { w.add_string(21, ref); });
}

// FunctionProto{name=1, input=4, output=5, attribute=6, node=7, opset_import=9, domain=10, attribute_proto=11}.
std::string function(const std::string& domain, const std::string& name, const std::vector<std::string>& inputs,
                     const std::vector<std::string>& outputs, const std::vector<std::string>& nodes, const std::vector<std::string>& defaults = {}) {
    std::string out;
    protozero::pbf_writer w(out);
    w.add_string(1, name);
    for (const auto& i : inputs) w.add_string(4, i);
    for (const auto& o : outputs) w.add_string(5, o);
    for (const auto& n : nodes) w.add_message(7, n);
    w.add_string(10, domain);
    for (const auto& d : defaults) w.add_message(11, d);
    return out;
}

// x [2, 8] -> Block(x) -> Block(...) -> y: each Block is MatMul by its weight, then LeakyRelu with
// the caller's alpha; the second call leaves alpha to the function's default.
std::string model_with_functions() {
    OnnxGraph g;
    g.inputs = {onnx_value_info("x", 1, {2, 8})};
    g.initializers = {onnx_tensor_external("w1", 1, {8, 8}), onnx_tensor_external("w2", 1, {8, 4})};
    g.nodes = {onnx_node_attrs("Block", "block1", {"x", "w1"}, {"h"}, {onnx_attr_float("alpha", 0.2f)}, "local"),
               onnx_node_attrs("Block", "", {"h", "w2"}, {"y"}, {}, "local")};
    g.outputs = {onnx_value_info("y", 1, {2, 4})};
    const std::string body = function("local", "Block", {"X", "W"}, {"Y"},
                                      {onnx_node("MatMul", "mm", {"X", "W"}, {"T"}),
                                       onnx_node_attrs("LeakyRelu", "act", {"T"}, {"Y"}, {ref_attr("alpha", 1, "alpha")})},
                                      {onnx_attr_float("alpha", 0.01f)});
    std::string bytes = onnx_model_full(g.bytes(), {{"", 17}, {"local", 1}});
    protozero::pbf_writer w(bytes);
    w.add_message(25, body);
    return bytes;
}

}  // namespace

TEST_CASE("a model-local function is inlined: its body's layers are costed under the caller's name", "[functions]") {
    const auto r = inspect_onnx(model_with_functions());
    CHECK(find_warning(r, "unknown_operator") == nullptr);
    REQUIRE(r.layers.size() == 4);
    CHECK(layer(r, "block1/mm").op == "MatMul");
    CHECK(out_dims(layer(r, "block1/mm")) == Dims{2, 8});
    CHECK(layer(r, "block1/mm").flops == 2 * 2 * 8 * 8);
    CHECK(layer(r, "block1/mm").params == 64);
    CHECK(out_dims(layer(r, "Block_0/act")) == Dims{2, 4});  // an unnamed call is named by its operator
    CHECK(r.total.params == 64 + 32);
    CHECK(dims(r.graph_outputs[0]) == Dims{2, 4});
}

TEST_CASE("a streamed read keeps the functions and gives the same report", "[functions]") {
    const std::string bytes = model_with_functions();
    wattlayer::OnnxGraphScanner scanner(bytes.size());
    while (!scanner.done()) {
        const uint64_t at = scanner.next_offset();
        const size_t n = static_cast<size_t>(std::min<uint64_t>(scanner.next_read_size(), bytes.size() - at));
        scanner.feed(reinterpret_cast<const uint8_t*>(bytes.data()) + at, n);
    }
    const std::string graph(scanner.graph().begin(), scanner.graph().end());
    CHECK(wattlayer::report_json_text(inspect_onnx(graph)) == wattlayer::report_json_text(inspect_onnx(bytes)));
}

TEST_CASE("functions that call each other without end are a clear error", "[functions]") {
    OnnxGraph g;
    g.inputs = {onnx_value_info("x", 1, {2})};
    g.nodes = {onnx_node_attrs("Loopy", "call", {"x"}, {"y"}, {}, "local")};
    g.outputs = {onnx_value_info("y", 1, {2})};
    std::string bytes = onnx_model_full(g.bytes(), {{"", 17}, {"local", 1}});
    protozero::pbf_writer w(bytes);
    w.add_message(25, function("local", "Loopy", {"A"}, {"B"}, {onnx_node_attrs("Loopy", "again", {"A"}, {"B"}, {}, "local")}));
    CHECK(error_code_of([&] { inspect_onnx(bytes); }) == "invalid_model");
}

namespace {

// x [2, 3] -> If(cond): then Relu(x), else MatMul(x, w) Sigmoid -> y. `cond` is an initializer
// (true or false) or, when `runtime`, a graph input.
std::string model_with_if(bool condition, bool runtime) {
    OnnxGraph then_branch, else_branch, g;
    then_branch.name = "then";
    then_branch.nodes = {onnx_node("Relu", "relu", {"x"}, {"then_out"})};
    then_branch.outputs = {onnx_value_info("then_out", 1, {})};
    else_branch.name = "else";
    else_branch.initializers = {onnx_tensor_external("w", 1, {3, 3})};
    else_branch.nodes = {onnx_node("MatMul", "mm", {"x", "w"}, {"m"}), onnx_node("Sigmoid", "sig", {"m"}, {"else_out"})};
    else_branch.outputs = {onnx_value_info("else_out", 1, {})};
    g.inputs = {onnx_value_info("x", 1, {2, 3})};
    if (runtime) g.inputs.push_back(onnx_value_info("cond", 9, {}));
    else g.initializers = {onnx_tensor_raw("cond", 9, {}, std::string(1, condition ? '\1' : '\0'))};
    g.nodes = {onnx_node_attrs("If", "branch", {"cond"}, {"y"},
                               {onnx_attr_graph("then_branch", then_branch.bytes()), onnx_attr_graph("else_branch", else_branch.bytes())})};
    g.outputs = {onnx_value_info("y", 1, {2, 3})};
    return onnx_model_full(g.bytes(), {{"", 17}});
}

}  // namespace

TEST_CASE("an If with a constant condition takes its branch, which is costed", "[functions]") {
    const auto then_taken = inspect_onnx(model_with_if(true, false));
    REQUIRE(then_taken.layers.size() == 1);
    CHECK(then_taken.layers[0].name == "branch/relu");
    CHECK(out_dims(then_taken.layers[0]) == Dims{2, 3});
    CHECK(find_warning(then_taken, "subgraphs") == nullptr);
    const auto else_taken = inspect_onnx(model_with_if(false, false));
    CHECK(layer(else_taken, "branch/mm").flops == 2 * 2 * 3 * 3);
    CHECK(layer(else_taken, "branch/mm").params == 9);  // the branch's own weight
    CHECK(out_dims(layer(else_taken, "branch/sig")) == Dims{2, 3});
    CHECK(dims(else_taken.graph_outputs[0]) == Dims{2, 3});
    // A condition known only at run time: the If stays, its bodies counted and not costed.
    const auto runtime = inspect_onnx(model_with_if(true, true));
    CHECK(has_layer(runtime, "branch"));
    CHECK(find_warning(runtime, "subgraphs") != nullptr);
}
