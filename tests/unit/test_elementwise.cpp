// Element-wise operators: same-shape and broadcast rules, FLOPs = registry constant x output
// elements, bytes of every data input and output, parameters of float weights.
#include "test_helpers.hpp"

using namespace wltest;

namespace {

// One unary layer `op` on an input of shape [2,3,4] (24 elements).
std::string unary_model(const std::string& op) {
    return R"({"name":"u","inputs":[{"name":"x","shape":[2,3,4],"dtype":"float32"}],
      "layers":[{"name":"l","op":")" + op + R"(","inputs":["x"],"outputs":["y"]}]})";
}

}  // namespace

TEST_CASE("Relu keeps the shape and costs one FLOP per element", "[elementwise]") {
    const auto r = inspect_json(R"({"name":"m","inputs":[{"name":"x","shape":[1,3,8,8],"dtype":"float32"}],
      "layers":[{"name":"relu","op":"Relu","inputs":["x"],"outputs":["y"]}]})");
    const auto& l = layer(r, "relu");
    CHECK(l.category == "elementwise");
    CHECK(l.dtype == wattlayer::DType::Float);
    CHECK(out_dims(l) == std::vector<int64_t>{1, 3, 8, 8});
    CHECK(l.shape_known);
    CHECK(l.flops == 192);
    CHECK(l.params == 0);
    CHECK(l.bytes_read == 192 * 4);
    CHECK(l.weight_bytes == 0);
    CHECK(l.bytes_written == 192 * 4);
    CHECK(r.total.flops == 192);
    CHECK(r.total.layers == 1);
    CHECK(r.total.unknown_shape_layers == 0);
}

TEST_CASE("unary operators cost their registry constant per output element", "[elementwise]") {
    struct Case { const char* op; int64_t per_element; };
    const Case cases[] = {{"Abs", 1}, {"Exp", 1}, {"Sqrt", 1}, {"Tanh", 1}, {"Erf", 1}, {"Sigmoid", 4},
                          {"HardSwish", 4}, {"HardSigmoid", 3}, {"Elu", 3}, {"Softplus", 3}, {"Mish", 5},
                          {"Gelu", 8}, {"LeakyRelu", 2}, {"Clip", 1}};
    for (const auto& c : cases) {
        INFO(c.op);
        const auto r = inspect_json(unary_model(c.op));
        const auto& l = layer(r, "l");
        CHECK(l.category == "elementwise");
        CHECK(out_dims(l) == std::vector<int64_t>{2, 3, 4});
        CHECK(l.flops == 24 * c.per_element);
        CHECK(l.bytes_read == 96);
        CHECK(l.bytes_written == 96);
    }
}

TEST_CASE("Add broadcasts a weight vector and counts it as parameters", "[elementwise]") {
    const auto r = inspect_json(R"({"name":"m","inputs":[{"name":"x","shape":[2,3,4]}],
      "layers":[{"name":"add","op":"Add","inputs":["x",{"name":"b","shape":[4],"weight":true}],"outputs":["y"]}]})");
    const auto& l = layer(r, "add");
    CHECK(out_dims(l) == std::vector<int64_t>{2, 3, 4});
    CHECK(l.flops == 24);
    CHECK(l.params == 4);
    CHECK(l.bytes_read == 96 + 16);
    CHECK(l.weight_bytes == 16);
    CHECK(l.bytes_written == 96);
    CHECK(r.total.params == 4);
}

TEST_CASE("broadcast of two activations expands both sides", "[elementwise]") {
    const auto r = inspect_json(R"({"name":"m","inputs":[{"name":"a","shape":[3,1]},{"name":"b","shape":[2,1,4]}],
      "layers":[{"name":"mul","op":"Mul","inputs":["a","b"],"outputs":["y"]}]})");
    const auto& l = layer(r, "mul");
    CHECK(out_dims(l) == std::vector<int64_t>{2, 3, 4});
    CHECK(l.flops == 24);
    CHECK(l.bytes_read == (3 + 8) * 4);
    CHECK(l.bytes_written == 24 * 4);
}

TEST_CASE("comparisons produce bool - Where takes its type from the values", "[elementwise]") {
    const auto r = inspect_json(R"({"name":"m","inputs":[{"name":"a","shape":[2,3]},{"name":"b","shape":[3]}],
      "layers":[{"name":"eq","op":"Equal","inputs":["a","b"],"outputs":["c"]},
                {"name":"where","op":"Where","inputs":["c","a","b"],"outputs":["y"]}]})");
    const auto& eq = layer(r, "eq");
    CHECK(eq.dtype == wattlayer::DType::Bool);
    CHECK(out_dims(eq) == std::vector<int64_t>{2, 3});
    CHECK(eq.bytes_written == 6);  // one byte per bool
    const auto& where = layer(r, "where");
    CHECK(where.dtype == wattlayer::DType::Float);
    CHECK(out_dims(where) == std::vector<int64_t>{2, 3});
    CHECK(where.flops == 6);
    CHECK(where.bytes_read == 6 + 24 + 12);
}

TEST_CASE("Cast is data movement with the target element type", "[elementwise]") {
    const auto r = inspect_json(R"({"name":"m","inputs":[{"name":"x","shape":[2,5]}],
      "layers":[{"name":"cast","op":"Cast","inputs":["x"],"outputs":["y"],"attributes":{"to":7}}]})");
    const auto& l = layer(r, "cast");
    CHECK(l.category == "data_movement");
    CHECK(l.dtype == wattlayer::DType::Int64);
    CHECK(l.flops == 0);
    CHECK(l.bytes_read == 40);
    CHECK(l.bytes_written == 80);
}

TEST_CASE("shapes that do not broadcast leave the layer unknown - not an error", "[elementwise]") {
    const auto r = inspect_json(R"({"name":"m","inputs":[{"name":"a","shape":[2,3]},{"name":"b","shape":[4]}],
      "layers":[{"name":"add","op":"Add","inputs":["a","b"],"outputs":["y"]}]})");
    const auto& l = layer(r, "add");
    CHECK_FALSE(l.shape_known);
    CHECK(l.flops == 0);
    CHECK(r.total.unknown_shape_layers == 1);
    CHECK(warning_names(r, "shape_error", "add"));
}

TEST_CASE("float16 tensors take two bytes per element", "[elementwise]") {
    const auto r = inspect_json(R"({"name":"m","inputs":[{"name":"x","shape":[4,8],"dtype":"float16"}],
      "layers":[{"name":"relu","op":"Relu","inputs":["x"],"outputs":["y"]}]})");
    const auto& l = layer(r, "relu");
    CHECK(l.dtype == wattlayer::DType::Float16);
    CHECK(l.bytes_read == 64);
    CHECK(l.bytes_written == 64);
}
