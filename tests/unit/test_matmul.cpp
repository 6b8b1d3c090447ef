// MatMul (numpy broadcasting, rank-1 operands), Gemm (transA/transB, bias) and Einsum.
// FLOPs: 2 x output elements x K (+ M x N for Gemm's bias).
#include "test_helpers.hpp"

using namespace wltest;

TEST_CASE("MatMul of a batch of matrices by a weight", "[matmul]") {
    const auto r = inspect_json(R"({"name":"m","inputs":[{"name":"x","shape":[2,3,4]}],
      "layers":[{"name":"mm","op":"MatMul","inputs":["x",{"name":"w","shape":[4,5],"weight":true}],"outputs":["y"]}]})");
    const auto& l = layer(r, "mm");
    CHECK(l.category == "matmul");
    CHECK(out_dims(l) == std::vector<int64_t>{2, 3, 5});
    CHECK(l.flops == 2 * 30 * 4);
    CHECK(l.params == 20);
    CHECK(l.bytes_read == (24 + 20) * 4);
    CHECK(l.weight_bytes == 80);
    CHECK(l.bytes_written == 30 * 4);
}

TEST_CASE("MatMul broadcasts the batch dimensions", "[matmul]") {
    const auto r = inspect_json(R"({"name":"m","inputs":[{"name":"a","shape":[2,1,3,4]},{"name":"b","shape":[5,4,6]}],
      "layers":[{"name":"mm","op":"MatMul","inputs":["a","b"],"outputs":["y"]}]})");
    const auto& l = layer(r, "mm");
    CHECK(out_dims(l) == std::vector<int64_t>{2, 5, 3, 6});
    CHECK(l.flops == 2 * 180 * 4);
    CHECK(l.params == 0);
}

TEST_CASE("MatMul with rank-1 operands drops the promoted axis", "[matmul]") {
    const auto r = inspect_json(R"({"name":"m","inputs":[{"name":"v","shape":[4]},{"name":"m","shape":[3,4]}],
      "layers":[{"name":"vm","op":"MatMul","inputs":["v",{"name":"w","shape":[4,5],"weight":true}],"outputs":["y1"]},
                {"name":"mv","op":"MatMul","inputs":["m","v"],"outputs":["y2"]}]})");
    CHECK(out_dims(layer(r, "vm")) == std::vector<int64_t>{5});
    CHECK(layer(r, "vm").flops == 2 * 5 * 4);
    CHECK(out_dims(layer(r, "mv")) == std::vector<int64_t>{3});
    CHECK(layer(r, "mv").flops == 2 * 3 * 4);
}

TEST_CASE("MatMul with mismatched inner dimensions is unknown", "[matmul]") {
    const auto r = inspect_json(R"({"name":"m","inputs":[{"name":"a","shape":[2,3]},{"name":"b","shape":[4,5]}],
      "layers":[{"name":"mm","op":"MatMul","inputs":["a","b"],"outputs":["y"]}]})");
    CHECK_FALSE(layer(r, "mm").shape_known);
    CHECK(layer(r, "mm").flops == 0);
    CHECK(r.total.unknown_shape_layers == 1);
}

TEST_CASE("Gemm with bias", "[matmul]") {
    const auto r = inspect_json(R"({"name":"m","inputs":[{"name":"a","shape":[8,16]}],
      "layers":[{"name":"fc","op":"Gemm","inputs":["a",{"name":"w","shape":[16,32],"weight":true},
                                                    {"name":"c","shape":[32],"weight":true}],"outputs":["y"]}]})");
    const auto& l = layer(r, "fc");
    CHECK(l.category == "matmul");
    CHECK(out_dims(l) == std::vector<int64_t>{8, 32});
    CHECK(l.flops == 2 * 8 * 32 * 16 + 8 * 32);
    CHECK(l.params == 16 * 32 + 32);
    CHECK(l.bytes_read == (128 + 512 + 32) * 4);
}

TEST_CASE("Gemm with transA and transB - no bias", "[matmul]") {
    const auto r = inspect_json(R"({"name":"m","inputs":[{"name":"a","shape":[16,8]}],
      "layers":[{"name":"fc","op":"Gemm","inputs":["a",{"name":"w","shape":[32,16],"weight":true}],"outputs":["y"],
                 "attributes":{"transA":1,"transB":1}}]})");
    const auto& l = layer(r, "fc");
    CHECK(out_dims(l) == std::vector<int64_t>{8, 32});
    CHECK(l.flops == 2 * 8 * 32 * 16);
}

TEST_CASE("Einsum batched matrix product and a one-operand sum", "[matmul]") {
    const auto r = inspect_json(R"({"name":"m","inputs":[{"name":"a","shape":[2,3,4]},{"name":"b","shape":[2,4,5]}],
      "layers":[{"name":"bmm","op":"Einsum","inputs":["a","b"],"outputs":["y"],"attributes":{"equation":"bij,bjk->bik"}},
                {"name":"sum","op":"Einsum","inputs":["a"],"outputs":["s"],"attributes":{"equation":"bij->bj"}}]})");
    const auto& bmm = layer(r, "bmm");
    CHECK(bmm.category == "matmul");
    CHECK(out_dims(bmm) == std::vector<int64_t>{2, 3, 5});
    CHECK(bmm.flops == 2 * 30 * 4);
    const auto& sum = layer(r, "sum");
    CHECK(out_dims(sum) == std::vector<int64_t>{2, 4});
    CHECK(sum.flops == 24);
}
