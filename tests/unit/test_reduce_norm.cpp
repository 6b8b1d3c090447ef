// Reductions (category "reduction": FLOPs = registry constant x input elements) and normalizations
// (category "normalization": FLOPs = registry constant x output elements; Softmax and LogSoftmax
// are counted as normalizations, 5 per element: max, subtract, exp, sum, divide).
#include "test_helpers.hpp"

using namespace wltest;

namespace {

using Dims = std::vector<int64_t>;

std::string one_layer(const std::string& op, const std::string& x_shape, const std::string& extra_inputs = "",
                      const std::string& attrs = "{}", int opset = 17, const std::string& outputs = R"("y")") {
    return R"({"name":"m","opset":)" + std::to_string(opset) + R"(,"inputs":[{"name":"x","shape":)" + x_shape + R"(}],
      "layers":[{"name":"l","op":")" + op + R"(","inputs":["x")" + (extra_inputs.empty() ? "" : "," + extra_inputs) +
           R"(],"outputs":[)" + outputs + R"(],"attributes":)" + attrs + "}]}";
}

std::string axes_input(const std::string& values, int count) {
    return R"({"name":"axes","shape":[)" + std::to_string(count) + R"(],"dtype":"int64","value":)" + values + "}";
}

std::string weight(const std::string& name, int size) {
    return R"({"name":")" + name + R"(","shape":[)" + std::to_string(size) + R"(],"weight":true})";
}

}  // namespace

TEST_CASE("ReduceMean with attribute axes - keepdims on and off", "[reduce]") {
    const auto keep = inspect_json(one_layer("ReduceMean", "[2,3,4]", "", R"({"axes":[1]})", 13));
    const auto& l = layer(keep, "l");
    CHECK(l.category == "reduction");
    CHECK(out_dims(l) == Dims{2, 1, 4});
    CHECK(l.flops == 24);  // one add per input element
    CHECK(l.bytes_read == 24 * 4);
    CHECK(l.bytes_written == 8 * 4);
    const auto drop = inspect_json(one_layer("ReduceMean", "[2,3,4]", "", R"({"axes":[1,-1],"keepdims":0})", 13));
    CHECK(out_dims(layer(drop, "l")) == Dims{2});
    CHECK(layer(drop, "l").flops == 24);
}

TEST_CASE("ReduceSum with axes as an input (opset 13) and ReduceMean (opset 18)", "[reduce]") {
    const auto sum = inspect_json(one_layer("ReduceSum", "[2,3,4]", axes_input("[-1]", 1), "{}", 13));
    const auto& l = layer(sum, "l");
    CHECK(out_dims(l) == Dims{2, 3, 1});
    CHECK(l.flops == 24);
    CHECK(l.bytes_read == 24 * 4);  // the axes are not data
    const auto mean = inspect_json(one_layer("ReduceMean", "[2,3,4]", axes_input("[0,2]", 2), R"({"keepdims":0})", 18));
    CHECK(out_dims(layer(mean, "l")) == Dims{3});
}

TEST_CASE("Reduce without axes reduces everything unless noop_with_empty_axes", "[reduce]") {
    const auto all = inspect_json(one_layer("ReduceSum", "[2,3,4]", "", "{}", 13));
    CHECK(out_dims(layer(all, "l")) == Dims{1, 1, 1});
    const auto scalar = inspect_json(one_layer("ReduceMax", "[2,3,4]", "", R"({"keepdims":0})", 13));
    CHECK(out_dims(layer(scalar, "l")) == Dims{});
    const auto noop = inspect_json(one_layer("ReduceSum", "[2,3,4]", "", R"({"noop_with_empty_axes":1})", 13));
    CHECK(out_dims(layer(noop, "l")) == Dims{2, 3, 4});
    // An axis out of range: unknown, not an error.
    const auto bad = inspect_json(one_layer("ReduceSum", "[2,3,4]", axes_input("[3]", 1), "{}", 13));
    CHECK_FALSE(layer(bad, "l").shape_known);
}

TEST_CASE("squared reductions cost two FLOPs per input element", "[reduce]") {
    for (const char* op : {"ReduceSumSquare", "ReduceL2", "ReduceL1", "ReduceLogSumExp"}) {
        INFO(op);
        const auto r = inspect_json(one_layer(op, "[4,5]", "", R"({"axes":[1]})", 13));
        CHECK(layer(r, "l").category == "reduction");
        CHECK(out_dims(layer(r, "l")) == Dims{4, 1});
        CHECK(layer(r, "l").flops == 2 * 20);
    }
}

TEST_CASE("ArgMax returns int64 indices", "[reduce]") {
    const auto r = inspect_json(one_layer("ArgMax", "[2,3,4]", "", R"({"axis":1,"keepdims":0})"));
    const auto& l = layer(r, "l");
    CHECK(l.category == "reduction");
    CHECK(l.dtype == wattlayer::DType::Int64);
    CHECK(out_dims(l) == Dims{2, 4});
    CHECK(l.flops == 24);  // one comparison per input element
    CHECK(l.bytes_written == 8 * 8);
    const auto keep = inspect_json(one_layer("ArgMin", "[2,3,4]", "", R"({"axis":-1})"));
    CHECK(out_dims(layer(keep, "l")) == Dims{2, 3, 1});
}

TEST_CASE("TopK with a constant k", "[reduce]") {
    const auto r = inspect_json(one_layer("TopK", "[2,10]", R"({"name":"k","shape":[1],"dtype":"int64","value":[3]})", "{}", 17,
                                          R"("v","i")"));
    const auto& l = layer(r, "l");
    CHECK(l.category == "reduction");
    CHECK(out_dims(l, 0) == Dims{2, 3});
    CHECK(out_dims(l, 1) == Dims{2, 3});
    CHECK(l.flops == 20);
    CHECK(l.bytes_written == 6 * 4 + 6 * 8);  // values float32, indices int64
}

TEST_CASE("Softmax and LogSoftmax cost 5 FLOPs per element", "[norm]") {
    for (const char* op : {"Softmax", "LogSoftmax"}) {
        INFO(op);
        const auto r = inspect_json(one_layer(op, "[2,3,4]", "", R"({"axis":-1})"));
        const auto& l = layer(r, "l");
        CHECK(l.category == "normalization");
        CHECK(out_dims(l) == Dims{2, 3, 4});
        CHECK(l.flops == 5 * 24);
        CHECK(l.bytes_read == 24 * 4);
        CHECK(l.bytes_written == 24 * 4);
    }
}

TEST_CASE("BatchNormalization - 2 FLOPs per element - 4 parameter vectors", "[norm]") {
    const auto r = inspect_json(one_layer("BatchNormalization", "[2,4,5,5]",
                                          weight("scale", 4) + "," + weight("bias", 4) + "," + weight("mean", 4) + "," + weight("var", 4)));
    const auto& l = layer(r, "l");
    CHECK(l.category == "normalization");
    CHECK(out_dims(l) == Dims{2, 4, 5, 5});
    CHECK(l.flops == 2 * 200);  // folded into one multiply-add per element
    CHECK(l.params == 16);
    CHECK(l.weight_bytes == 16 * 4);
    CHECK(l.bytes_read == 200 * 4 + 16 * 4);
    CHECK(l.bytes_written == 200 * 4);
}

TEST_CASE("BatchNormalization in training mode has running-statistics outputs", "[norm]") {
    const auto r = inspect_json(one_layer("BatchNormalization", "[2,4,5,5]",
                                          weight("scale", 4) + "," + weight("bias", 4) + "," + weight("mean", 4) + "," + weight("var", 4),
                                          R"({"training_mode":1})", 15, R"("y","rm","rv")"));
    const auto& l = layer(r, "l");
    REQUIRE(l.outputs.size() == 3);
    CHECK(out_dims(l, 1) == Dims{4});
    CHECK(out_dims(l, 2) == Dims{4});
    CHECK(l.bytes_written == (200 + 4 + 4) * 4);
}

TEST_CASE("LayerNormalization - 7 FLOPs per element - statistics outputs keep the leading axes", "[norm]") {
    const auto r = inspect_json(one_layer("LayerNormalization", "[2,3,8]", weight("g", 8) + "," + weight("b", 8), R"({"axis":-1})", 17,
                                          R"("y","mean","inv_std")"));
    const auto& l = layer(r, "l");
    CHECK(l.category == "normalization");
    CHECK(out_dims(l, 0) == Dims{2, 3, 8});
    CHECK(out_dims(l, 1) == Dims{2, 3, 1});
    CHECK(out_dims(l, 2) == Dims{2, 3, 1});
    CHECK(l.flops == 7 * 48);
    CHECK(l.params == 16);
    // axis 1 normalises over [3, 8]: statistics are [2, 1, 1].
    const auto a1 = inspect_json(one_layer("LayerNormalization", "[2,3,8]", weight("g", 24), R"({"axis":1})", 17, R"("y","mean")"));
    CHECK(out_dims(layer(a1, "l"), 1) == Dims{2, 1, 1});
}

TEST_CASE("InstanceNormalization and GroupNormalization - 7 FLOPs per element", "[norm]") {
    const auto in = inspect_json(one_layer("InstanceNormalization", "[2,4,3,3]", weight("s", 4) + "," + weight("b", 4)));
    CHECK(layer(in, "l").category == "normalization");
    CHECK(out_dims(layer(in, "l")) == Dims{2, 4, 3, 3});
    CHECK(layer(in, "l").flops == 7 * 72);
    CHECK(layer(in, "l").params == 8);
    const auto gn = inspect_json(one_layer("GroupNormalization", "[2,4,3,3]", weight("s", 4) + "," + weight("b", 4), R"({"num_groups":2})", 21));
    CHECK(layer(gn, "l").category == "normalization");
    CHECK(out_dims(layer(gn, "l")) == Dims{2, 4, 3, 3});
    CHECK(layer(gn, "l").flops == 7 * 72);
    CHECK(layer(gn, "l").params == 8);
}

TEST_CASE("other normalizations - LRN 5 - LpNormalization 3 - MeanVarianceNormalization 7 per element", "[norm]") {
    struct Case { const char* op; int64_t per_element; };
    for (const Case c : {Case{"LRN", 5}, Case{"LpNormalization", 3}, Case{"MeanVarianceNormalization", 7}, Case{"Hardmax", 2}}) {
        INFO(c.op);
        const auto r = inspect_json(one_layer(c.op, "[1,4,3,3]", "", R"({"size":3})"));
        CHECK(layer(r, "l").category == "normalization");
        CHECK(layer(r, "l").flops == c.per_element * 36);
    }
}
