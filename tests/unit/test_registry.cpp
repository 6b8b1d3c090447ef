// The operator registry: one row per (domain, operator, since_version), found by the file's
// opset; the energy class and host group each row charges; features.md's table generated from it.
#include "ops/op_table.hpp"
#include "test_helpers.hpp"

using namespace wattlayer;
using namespace wltest;

TEST_CASE("find_op takes the newest row at or below the file's opset", "[registry]") {
    const OpRule* slice9 = find_op("", "Slice", 9);
    const OpRule* slice13 = find_op("", "Slice", 13);
    REQUIRE(slice9 != nullptr);
    REQUIRE(slice13 != nullptr);
    CHECK(slice9->since_version == 1);
    CHECK(slice13->since_version == 10);
    CHECK(slice9->shape_inputs == 0);  // bounds are attributes before opset 10
    CHECK(find_op("", "Slice", 10) == slice13);
    CHECK(find_op("", "Slice") == slice13);  // no opset: the newest rules
    CHECK(find_op("", "TopK", 9)->since_version == 1);
    CHECK(find_op("", "Resize", 10)->since_version == 10);
    CHECK(find_op("", "Resize", 11)->since_version == 11);
    CHECK(find_op("", "Resize", 7)->since_version == 10);  // older than every row: the oldest
    CHECK(find_op("ai.onnx", "Relu", 17) == find_op("", "Relu", 17));
    CHECK(find_op("", "NoSuchOp", 17) == nullptr);
    CHECK(find_op("com.example", "Relu", 1) == nullptr);
}

TEST_CASE("rows sort by (domain, operator, since_version) with no duplicates", "[registry]") {
    const auto table = op_table();
    REQUIRE(table.size() > 100);
    for (size_t i = 1; i < table.size(); ++i) {
        const OpRule& a = table[i - 1];
        const OpRule& b = table[i];
        CHECK(std::tie(a.domain, a.op, a.since_version) < std::tie(b.domain, b.op, b.since_version));
    }
    for (const OpRule& r : table) {
        CHECK(r.infer != nullptr);
        CHECK((r.flops.fn == nullptr) == r.flops.name.empty());
    }
}

TEST_CASE("energy class and host group: the category's, unless the row says otherwise", "[registry]") {
    CHECK(energy_class(*find_op("", "Conv")) == EnergyClass::Conv);
    CHECK(energy_class(*find_op("", "Relu")) == EnergyClass::Elementwise);
    CHECK(energy_class(*find_op("", "Transpose")) == EnergyClass::Copy);
    CHECK(host_group(*find_op("", "Attention")) == HostGroup::MatMul);
    CHECK(energy_class(*find_op("", "Attention")) == EnergyClass::Attention);
    // PyTorch views are metadata only, whatever the ONNX operator would move.
    for (const char* view : {"Reshape", "Flatten", "Squeeze", "Unsqueeze", "Shape", "Identity", "Dropout", "Slice", "Split", "Expand", "Constant"}) {
        INFO(view);
        CHECK(energy_class(*find_op("", view)) == EnergyClass::View);
    }
    CHECK(energy_class(*find_op("", "Cast")) == EnergyClass::Elementwise);  // a conversion kernel
    CHECK(energy_class(*find_op("", "LSTM")) == EnergyClass::MatMul);
    CHECK(host_group(*find_op("", "BatchNormalization")) == HostGroup::BatchNorm);
    CHECK(host_group(*find_op("", "Softmax")) == HostGroup::Softmax);
    CHECK(host_group(*find_op("", "LayerNormalization")) == HostGroup::LayerNorm);
}

TEST_CASE("the opset decides which rule a node gets: Slice with attributes at opset 9", "[registry]") {
    const auto model = [](int opset) {
        return R"({"name":"m","opset":)" + std::to_string(opset) + R"(,"inputs":[{"name":"x","shape":[1,10,4]}],
          "layers":[{"name":"s","op":"Slice","inputs":["x"],"outputs":["y"],
                     "attributes":{"starts":[2],"ends":[7],"axes":[1]}}]})";
    };
    CHECK(out_dims(layer(inspect_json(model(9)), "s")) == std::vector<int64_t>{1, 5, 4});
    // From opset 10 the bounds are inputs: without them the sliced axes cannot be known.
    CHECK_FALSE(layer(inspect_json(model(13)), "s").shape_known);
}

TEST_CASE("core/docs/features.md shows the registry as it is", "[registry]") {
    const CliRun run = run_cli("operators --format markdown");
    REQUIRE(run.exit_code == 0);
    const std::string doc = read_file(std::string(WATTLAYER_DOCS) + "/features.md");
    const std::string begin = "<!-- operator-table: begin -->\n", end = "<!-- operator-table: end -->\n";
    const size_t from = doc.find(begin), to = doc.find(end);
    REQUIRE(from != std::string::npos);
    REQUIRE(to != std::string::npos);
    INFO("the operator table is stale: run /usr/bin/python3 tests/tools/update_operator_table.py");
    CHECK(doc.substr(from + begin.size(), to - from - begin.size()) == run.out);
}

TEST_CASE("PyTorch functions live on their operator's row, each named once", "[registry]") {
    std::vector<std::string_view> funcs;
    for (const OpRule& r : op_table())
        for (const TorchCall& c : r.torch) funcs.push_back(c.func);
    std::sort(funcs.begin(), funcs.end());
    CHECK(std::adjacent_find(funcs.begin(), funcs.end()) == funcs.end());
    REQUIRE(find_torch_call("linear") != nullptr);
    CHECK(find_torch_call("linear")->rule->op == "MatMul");
    CHECK(find_torch_call("linear")->call->form == TorchForm::Linear);
    CHECK(find_torch_call("conv1d")->rule->op == "Conv");
    CHECK(find_torch_call("no_such_function") == nullptr);
}

TEST_CASE("the host group of a measured PyTorch call comes from the registry", "[registry]") {
    CHECK(torch_host_group("conv2d", EnergyClass::Conv) == HostGroup::Conv);
    CHECK(torch_host_group("conv2d", EnergyClass::ConvDepthwise) == HostGroup::ConvDepthwise);
    CHECK(torch_host_group("conv1d", EnergyClass::Conv) == HostGroup::Conv);  // was None: the classifier called it Conv
    CHECK(torch_host_group("linear", EnergyClass::MatMul) == HostGroup::MatMul);
    CHECK(torch_host_group("view", EnergyClass::View) == HostGroup::View);
    CHECK(torch_host_group("contiguous", EnergyClass::Copy) == HostGroup::Copy);  // a copy, unlike the other views
    CHECK(torch_host_group("to", EnergyClass::Elementwise) == HostGroup::None);   // as the shipped profile was fitted
    CHECK(torch_host_group("instance_norm", EnergyClass::View) == HostGroup::LayerNorm);  // known, not translated
    CHECK(torch_host_group("no_such_function", EnergyClass::View) == HostGroup::None);
}
