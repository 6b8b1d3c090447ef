// The ONNX reader on hand-built protobuf bytes: model summary (graph name, producer, opset), declared
// and symbolic dims, initializers (raw, typed, external), attributes of every common type,
// Constant nodes, If/Loop bodies (counted in subgraph_nodes, not costed) and custom domains.
#include "test_helpers.hpp"

#include <cstring>

using namespace wltest;

namespace {

using Dims = std::vector<int64_t>;
constexpr int32_t kFloat = 1, kInt32 = 6, kInt64 = 7, kFloat16 = 10;

std::string raw_int32(const std::vector<int32_t>& v) { return std::string(reinterpret_cast<const char*>(v.data()), v.size() * 4); }
std::string raw_int64(const std::vector<int64_t>& v) { return std::string(reinterpret_cast<const char*>(v.data()), v.size() * 8); }

// x [1,3,4,4] -> Conv(W [2,3,1,1] raw floats, B [2]) -> y [1,2,4,4].
std::string conv_model(const std::string& producer, int64_t opset) {
    OnnxGraph g;
    g.name = "tiny_conv";
    g.inputs = {onnx_value_info("x", kFloat, {1, 3, 4, 4})};
    g.initializers = {onnx_tensor_float("W", {2, 3, 1, 1}, {1, 2, 3, 4, 5, 6}), onnx_tensor_float("B", {2}, {0.5f, -0.5f})};
    g.nodes = {onnx_node_attrs("Conv", "conv", {"x", "W", "B"}, {"y"}, {onnx_attr_ints("kernel_shape", {1, 1})})};
    g.outputs = {onnx_value_info("y", kFloat, {1, 2, 4, 4})};
    return onnx_model_full(g.bytes(), {{"", opset}}, producer);
}

}  // namespace

TEST_CASE("ONNX model summary - graph name - producer - opset - node count", "[onnx]") {
    const auto r = inspect_onnx(conv_model("unit-test", 13));
    CHECK(r.model.format == "onnx");
    CHECK(r.model.name == "tiny_conv");
    CHECK(r.model.producer == "unit-test");
    CHECK(r.model.opset == 13);
    CHECK(r.model.nodes == 1);
    CHECK(r.model.subgraph_nodes == 0);
    const auto& conv = layer(r, "conv");
    CHECK(conv.category == "conv");
    CHECK(conv.dtype == wattlayer::DType::Float);
    CHECK(out_dims(conv) == Dims{1, 2, 4, 4});
    CHECK(conv.flops == 2 * 32 * 3 + 32);  // 32 outputs x 3 multiply-adds, plus the bias
    CHECK(conv.params == 8);
    CHECK(conv.weight_bytes == 8 * 4);
    REQUIRE(r.graph_output_names == std::vector<std::string>{"y"});
    CHECK(dims(r.graph_outputs[0]) == Dims{1, 2, 4, 4});
    CHECK(r.warnings.empty());
}

TEST_CASE("ONNX model name falls back to the file name - opset 0 when no default-domain import", "[onnx]") {
    OnnxGraph g;
    g.name = "";
    g.inputs = {onnx_value_info("x", kFloat, {2, 3})};
    g.nodes = {onnx_node("Relu", "", {"x"}, {"y"})};
    g.outputs = {onnx_value_info("y", kFloat, {2, 3})};
    InspectOptions o;
    o.file_name = "dir/my_net.onnx";
    const auto r = inspect_onnx(onnx_model_full(g.bytes(), {{"com.example", 1}}), o);
    CHECK(r.model.name == "my_net");
    CHECK(r.model.opset == 0);
    CHECK(r.model.producer == "");
    // A node without a name is named after its operator and index.
    REQUIRE(r.layers.size() == 1);
    CHECK(r.layers[0].name == "Relu_0");
    CHECK(r.layers[0].flops == 6);
    // The ai.onnx domain may be spelled out.
    const auto spelled = inspect_onnx(onnx_model_full(g.bytes(), {{"ai.onnx", 12}}));
    CHECK(spelled.model.opset == 12);
}

TEST_CASE("ONNX dim_param - a symbolic batch and a symbolic sequence", "[onnx]") {
    OnnxGraph g;
    g.inputs = {onnx_value_info_dims("x", kFloat, {"batch", "seq", 4})};
    g.initializers = {onnx_tensor_float("W", {4, 2}, {1, 2, 3, 4, 5, 6, 7, 8})};
    g.nodes = {onnx_node("MatMul", "mm", {"x", "W"}, {"y"})};
    g.outputs = {onnx_value_info_dims("y", kFloat, {"batch", "seq", 2})};
    const std::string model = onnx_model_full(g.bytes(), {{"", 17}});

    InspectOptions keep;
    keep.keep_symbols = true;
    const auto r = inspect_onnx(model, keep);
    const auto& mm = layer(r, "mm");
    REQUIRE(mm.outputs[0].dims.size() == 3);
    CHECK(mm.outputs[0].dims[0].value == 1);  // batch assumed 1
    CHECK(mm.outputs[0].dims[1].symbol() == "seq");
    CHECK(out_dims(layer(inspect_onnx(model), "mm")) == Dims{1, 128, 2});  // seq assumed 128
    CHECK(mm.outputs[0].dims[2].value == 2);
    CHECK(find_warning(r, "batch_assumed") != nullptr);

    InspectOptions o;
    o.batch = 4;
    o.dims["seq"] = 10;
    const auto bound = inspect_onnx(model, o);
    CHECK(out_dims(layer(bound, "mm")) == Dims{4, 10, 2});
    CHECK(layer(bound, "mm").flops == 2 * 80 * 4);
    CHECK(dims(bound.graph_outputs[0]) == Dims{4, 10, 2});
}

TEST_CASE("ONNX initializers - int64_data and raw int64 and int32 shape targets and external weights", "[onnx]") {
    OnnxGraph g;
    g.inputs = {onnx_value_info("x", kFloat, {2, 3, 4})};
    g.initializers = {onnx_tensor_int64("t64", {2}, {0, -1}), onnx_tensor_raw("traw", kInt64, {3}, raw_int64({4, 3, 2})),
                      onnx_tensor_raw("t32", kInt32, {2}, raw_int32({-1, 4})), onnx_tensor_external("Wext", kFloat, {4, 5}),
                      onnx_tensor_external("text", kInt64, {2})};
    g.nodes = {onnx_node("Reshape", "r64", {"x", "t64"}, {"a"}), onnx_node("Reshape", "rraw", {"x", "traw"}, {"b"}),
               onnx_node("Reshape", "r32", {"x", "t32"}, {"c"}), onnx_node("MatMul", "mm", {"x", "Wext"}, {"d"}),
               onnx_node("Reshape", "rext", {"x", "text"}, {"e"})};
    g.outputs = {onnx_value_name("a"), onnx_value_name("b"), onnx_value_name("c"), onnx_value_name("d"), onnx_value_name("e")};
    const auto r = inspect_onnx(onnx_model_full(g.bytes(), {{"", 17}}));
    CHECK(out_dims(layer(r, "r64")) == Dims{2, 12});
    CHECK(out_dims(layer(r, "rraw")) == Dims{4, 3, 2});
    CHECK(out_dims(layer(r, "r32")) == Dims{6, 4});
    // External data is metadata only: the weight's shape and parameter count are known...
    const auto& mm = layer(r, "mm");
    CHECK(out_dims(mm) == Dims{2, 3, 5});
    CHECK(mm.params == 20);
    CHECK(mm.flops == 2 * 30 * 4);
    // ...but its values are not read: a Reshape target stored outside the file gives rank 2, sizes unknown.
    CHECK(dims(layer(r, "rext").outputs[0]) == Dims{-1, -1});
    CHECK(r.total.unknown_shape_layers == 1);
}

TEST_CASE("ONNX attributes of every common type including unpacked ints", "[onnx]") {
    OnnxGraph g;
    g.inputs = {onnx_value_info("x", kFloat, {1, 2, 8, 6})};
    g.initializers = {onnx_tensor_float("W", {4, 2, 3, 3}, std::vector<float>(72, 0.1f)),
                      onnx_tensor_float("scales", {4}, {1, 1, 2, 2})};
    g.nodes = {
        onnx_node_attrs("Conv", "conv", {"x", "W"}, {"c"},
                        {onnx_attr_ints("kernel_shape", {3, 3}, false), onnx_attr_ints("strides", {2, 2}),
                         onnx_attr_ints("pads", {1, 1, 1, 1}, false)}),
        onnx_node_attrs("LeakyRelu", "lrelu", {"c"}, {"l"}, {onnx_attr_float("alpha", 0.2f)}),
        onnx_node_attrs("Transpose", "tr", {"l"}, {"t"}, {onnx_attr_ints("perm", {0, 2, 3, 1}, false)}),
        onnx_node_attrs("Resize", "resize", {"c", "", "scales"}, {"u"}, {onnx_attr_string("mode", "linear"),
                                                                           onnx_attr_floats("unused_floats", {0.5f, 1.5f}),
                                                                           onnx_attr_strings("unused_strings", {"a", "b"})}),
    };
    g.outputs = {onnx_value_name("t"), onnx_value_name("u")};
    const auto r = inspect_onnx(onnx_model_full(g.bytes(), {{"", 13}}));
    const auto& conv = layer(r, "conv");
    CHECK(out_dims(conv) == Dims{1, 4, 4, 3});  // H: (8 + 2 - 3) / 2 + 1 = 4, W: (6 + 2 - 3) / 2 + 1 = 3
    CHECK(conv.flops == 2 * 48 * 18);           // 48 outputs x (2 channels x 3 x 3)
    CHECK(layer(r, "lrelu").flops == 2 * 48);
    CHECK(out_dims(layer(r, "tr")) == Dims{1, 4, 3, 4});
    CHECK(out_dims(layer(r, "resize")) == Dims{1, 4, 8, 6});
    CHECK(layer(r, "resize").flops == 192 * 2 * 4);  // linear over 2 axes: 4 points x 2 FLOPs per output
}

TEST_CASE("ONNX Constant nodes - a tensor value and value_ints feed Reshape - they fold", "[onnx]") {
    OnnxGraph g;
    g.inputs = {onnx_value_info("x", kFloat, {2, 3, 4})};
    g.nodes = {
        onnx_node_attrs("Constant", "c_tensor", {}, {"t1"}, {onnx_attr_tensor("value", onnx_tensor_int64("", {2}, {6, 4}))}),
        onnx_node_attrs("Constant", "c_ints", {}, {"t2"}, {onnx_attr_ints("value_ints", {4, -1})}),
        onnx_node("Reshape", "r1", {"x", "t1"}, {"a"}),
        onnx_node("Reshape", "r2", {"x", "t2"}, {"b"}),
    };
    g.outputs = {onnx_value_name("a"), onnx_value_name("b")};
    const auto r = inspect_onnx(onnx_model_full(g.bytes(), {{"", 17}}));
    CHECK(out_dims(layer(r, "r1")) == Dims{6, 4});
    CHECK(out_dims(layer(r, "r2")) == Dims{4, 6});
    CHECK_FALSE(has_layer(r, "c_tensor"));
    CHECK_FALSE(has_layer(r, "c_ints"));
    CHECK(r.total.folded_nodes == 2);
    CHECK(r.model.nodes == 4);
}

TEST_CASE("ONNX If and Loop bodies are counted in subgraph_nodes - recursively - not costed", "[onnx]") {
    // then: Relu, Neg; else: Loop whose body holds Add, Identity, Identity.
    OnnxGraph loop_body;
    loop_body.name = "body";
    loop_body.nodes = {onnx_node("Add", "b_add", {"v", "v"}, {"v2"}), onnx_node("Identity", "b_id", {"cond"}, {"cond_out"}),
                       onnx_node("Identity", "b_id2", {"v2"}, {"v_out"})};
    OnnxGraph then_g, else_g;
    then_g.name = "then";
    then_g.nodes = {onnx_node("Relu", "t_relu", {"x"}, {"tr"}), onnx_node("Neg", "t_neg", {"tr"}, {"out_then"})};
    then_g.outputs = {onnx_value_info("out_then", kFloat, {1, 4})};
    else_g.name = "else";
    else_g.nodes = {onnx_node_attrs("Loop", "e_loop", {"", "", "x"}, {"out_else"}, {onnx_attr_graph("body", loop_body.bytes())})};
    else_g.outputs = {onnx_value_info("out_else", kFloat, {1, 4})};

    OnnxGraph g;
    g.inputs = {onnx_value_info("x", kFloat, {1, 4}), onnx_value_info("cond", 9, {})};
    g.nodes = {onnx_node_attrs("If", "if", {"cond"}, {"y"},
                               {onnx_attr_graph("then_branch", then_g.bytes()), onnx_attr_graph("else_branch", else_g.bytes())}),
               onnx_node("Relu", "after", {"y"}, {"z"})};
    g.outputs = {onnx_value_info("z", kFloat, {1, 4})};
    const auto r = inspect_onnx(onnx_model_full(g.bytes(), {{"", 17}}));
    CHECK(r.model.nodes == 2);
    CHECK(r.model.subgraph_nodes == 2 + 1 + 3);
    const auto& l = layer(r, "if");
    CHECK(l.category == "other");
    CHECK(l.flops == 0);
    CHECK_FALSE(l.shape_known);
    const auto* w = find_warning(r, "subgraphs");
    REQUIRE(w != nullptr);
    CHECK(w->message.find("6 nodes") != std::string::npos);
    CHECK(warning_names(r, "data_dependent", "if"));
    // y (the If's output) is undeclared, so the Relu cannot infer; z is declared and is the fallback.
    CHECK(out_dims(layer(r, "after")) == Dims{1, 4});
    CHECK(warning_names(r, "declared_shape", "after"));
}

TEST_CASE("ONNX node in a custom domain is an unknown operator with a warning and not fatal", "[onnx]") {
    OnnxGraph g;
    g.inputs = {onnx_value_info("x", kFloat, {1, 8})};
    g.nodes = {onnx_node_attrs("FancyOp", "fancy", {"x"}, {"f"}, {onnx_attr_int("mode", 3)}, "com.example"),
               onnx_node_attrs("Relu", "relu_ai", {"x"}, {"r"}, {}, "ai.onnx")};
    g.value_info = {onnx_value_info("f", kFloat, {1, 8})};
    g.outputs = {onnx_value_info("f", kFloat, {1, 8}), onnx_value_info("r", kFloat, {1, 8})};
    const auto r = inspect_onnx(onnx_model_full(g.bytes(), {{"", 17}, {"com.example", 1}}));
    const auto& f = layer(r, "fancy");
    CHECK(f.domain == "com.example");
    CHECK(f.op == "FancyOp");
    CHECK(f.category == "other");
    CHECK(f.flops == 0);
    CHECK(out_dims(f) == Dims{1, 8});  // from the declared value_info
    CHECK(warning_names(r, "unknown_operator", "fancy"));
    // domain::operator-version of the domain the file imports, then the count
    CHECK(find_warning(r, "unknown_operator")->message.find("com.example::FancyOp-1 x1") != std::string::npos);
    // The explicit "ai.onnx" domain is the default one.
    CHECK(layer(r, "relu_ai").domain == "");
    CHECK(layer(r, "relu_ai").category == "elementwise");
    CHECK(layer(r, "relu_ai").flops == 8);
}

TEST_CASE("ONNX initializers also listed as inputs (IR < 4) are not batch inputs", "[onnx]") {
    OnnxGraph g;
    g.inputs = {onnx_value_info("x", kFloat, {1, 4}), onnx_value_info("bias", kFloat, {1, 4})};
    g.initializers = {onnx_tensor_float("bias", {1, 4}, {1, 2, 3, 4})};
    g.nodes = {onnx_node("Add", "add", {"x", "bias"}, {"y"})};
    g.outputs = {onnx_value_info("y", kFloat, {1, 4})};
    InspectOptions o;
    o.batch = 8;
    const auto r = inspect_onnx(onnx_model_full(g.bytes(), {{"", 17}}), o);
    const auto& add = layer(r, "add");
    CHECK(dims(add.inputs[1]) == Dims{1, 4});
    CHECK(out_dims(add) == Dims{8, 4});
    CHECK(add.params == 4);
    CHECK(r.total.params == 4);
}

TEST_CASE("ONNX float16 tensors - raw data and 2-byte elements", "[onnx]") {
    const uint16_t half_one = 0x3c00;
    std::string raw;
    for (int i = 0; i < 6; ++i) raw.append(reinterpret_cast<const char*>(&half_one), 2);
    OnnxGraph g;
    g.inputs = {onnx_value_info("x", kFloat16, {2, 3})};
    g.initializers = {onnx_tensor_raw("w", kFloat16, {3, 2}, raw)};
    g.nodes = {onnx_node("MatMul", "mm", {"x", "w"}, {"y"})};
    g.outputs = {onnx_value_info("y", kFloat16, {2, 2})};
    const auto r = inspect_onnx(onnx_model_full(g.bytes(), {{"", 17}}));
    const auto& mm = layer(r, "mm");
    CHECK(mm.dtype == wattlayer::DType::Float16);
    CHECK(mm.params == 6);
    CHECK(mm.bytes_read == (6 + 6) * 2);
    CHECK(mm.weight_bytes == 12);
    CHECK(mm.bytes_written == 4 * 2);
}

TEST_CASE("a shared weight counts once in the parameter total", "[onnx]") {
    OnnxGraph g;
    g.inputs = {onnx_value_info("x", kFloat, {2, 4})};
    g.initializers = {onnx_tensor_float("W", {4, 4}, std::vector<float>(16, 1.0f))};
    g.nodes = {onnx_node("MatMul", "mm1", {"x", "W"}, {"h"}), onnx_node("MatMul", "mm2", {"h", "W"}, {"y"})};
    g.outputs = {onnx_value_info("y", kFloat, {2, 4})};
    const auto r = inspect_onnx(onnx_model_full(g.bytes(), {{"", 17}}));
    CHECK(layer(r, "mm1").params == 16);
    CHECK(layer(r, "mm2").params == 16);
    CHECK(r.total.params == 16);
    CHECK(r.total.flops == 2 * (2 * 8 * 4));
}
