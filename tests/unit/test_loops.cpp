// Loops written out (core/src/infer/loops.hpp): a Loop with a known trip count and a Scan over
// inputs of known length run their body once per iteration, each iteration's layers inferred and
// costed; a loop that may stop early is costed as a bound; one whose count is unknown stays.
#include <limits>

#include "test_helpers.hpp"

using namespace wltest;

namespace {

using Dims = std::vector<int64_t>;

const std::string kWeights = onnx_tensor_external("w", 1, {4, 4});

// x [2, 4] -> Loop(trip_count, cond): y = Relu(MatMul(y, w)) per iteration, each y also a scan
// output -> y_final [2, 4], ys [iterations, 2, 4]. `w` is read from the enclosing graph. The body's
// condition output is `condition_out`: "cond_in" passes the condition through (a `for` loop).
struct LoopModel {
    std::string trip_count = "trip_count";  // an initializer holding `iterations`, unless a graph input
    int64_t iterations = 3;
    bool trip_count_is_input = false;
    std::string condition_out = "cond_in";
    std::vector<std::string> extra_inputs;  // more graph inputs (a runtime flag the body reads)

    std::string bytes() const {
        OnnxGraph body, g;
        body.name = "body";
        body.inputs = {onnx_value_info("i", 7, {}), onnx_value_info("cond_in", 9, {}), onnx_value_info("y_in", 1, {2, 4})};
        body.nodes = {onnx_node("MatMul", "mm", {"y_in", "w"}, {"m"}), onnx_node("Relu", "relu", {"m"}, {"y_out"}),
                      onnx_node("Identity", "keep", {condition_out}, {"cond_out"})};
        body.outputs = {onnx_value_name("cond_out"), onnx_value_name("y_out"), onnx_value_name("y_out")};
        g.inputs = {onnx_value_info("x", 1, {2, 4})};
        for (const auto& in : extra_inputs) g.inputs.push_back(onnx_value_info(in, 9, {}));
        if (trip_count_is_input) g.inputs.push_back(onnx_value_info(trip_count, 7, {}));
        else g.initializers.push_back(onnx_tensor_int64(trip_count, {}, {iterations}));
        g.initializers.push_back(kWeights);
        g.nodes = {onnx_node_attrs("Loop", "loop", {trip_count, "", "x"}, {"y_final", "ys"}, {onnx_attr_graph("body", body.bytes())})};
        g.outputs = {onnx_value_name("y_final"), onnx_value_name("ys")};
        return onnx_model_full(g.bytes(), {{"", 17}});
    }
};

}  // namespace

TEST_CASE("a Loop with a constant trip count runs its body once per iteration", "[loops]") {
    const Report r = inspect_onnx(LoopModel{}.bytes());
    for (const std::string t : {"0", "1", "2"}) {
        CHECK(layer(r, "loop/" + t + "/mm").flops == 2 * 2 * 4 * 4);
        CHECK(out_dims(layer(r, "loop/" + t + "/relu")) == Dims{2, 4});
        CHECK_FALSE(layer(r, "loop/" + t + "/mm").bounded);
    }
    CHECK_FALSE(has_layer(r, "loop/3/mm"));
    CHECK(r.total.flops >= 3 * 2 * 2 * 4 * 4);
    CHECK(r.total.params == 16);  // the enclosing graph's weight, read by every iteration, counted once
    CHECK(dims(r.graph_outputs[0]) == Dims{2, 4});
    CHECK(dims(r.graph_outputs[1]) == Dims{3, 2, 4});  // the scan output stacks the iterations
    CHECK(r.total.complete());
    CHECK(r.total.bounded_layers == 0);
    CHECK(find_warning(r, "subgraphs") == nullptr);
    CHECK(find_warning(r, "data_dependent") == nullptr);
}

TEST_CASE("a Loop whose condition can end it early is costed as a bound", "[loops]") {
    LoopModel model;
    model.condition_out = "keep_going";  // a graph input: the loop may stop after any iteration
    model.extra_inputs = {"keep_going"};
    const Report r = inspect_onnx(model.bytes());
    CHECK(layer(r, "loop/2/mm").flops == 2 * 2 * 4 * 4);
    CHECK(layer(r, "loop/0/mm").bounded);
    CHECK(r.graph_outputs[1].bounded);
    CHECK(dims(r.graph_outputs[1]) == Dims{3, 2, 4});
    CHECK_FALSE(r.total.complete());
    CHECK(r.total.bounded_layers >= 6);
    CHECK(warning_names(r, "loop_bound", "loop"));
}

TEST_CASE("a Loop whose trip count is not known, or too long to write out, stays counted and not costed", "[loops]") {
    LoopModel runtime;
    runtime.trip_count_is_input = true;
    const Report r = inspect_onnx(runtime.bytes());
    CHECK(has_layer(r, "loop"));
    CHECK_FALSE(has_layer(r, "loop/0/mm"));
    CHECK(find_warning(r, "subgraphs") != nullptr);
    CHECK_FALSE(r.total.complete());
    LoopModel endless;  // how exporters write a `while`: an int64-max trip count
    endless.iterations = std::numeric_limits<int64_t>::max();
    const Report e = inspect_onnx(endless.bytes());
    CHECK(has_layer(e, "loop"));
    CHECK_FALSE(has_layer(e, "loop/0/mm"));
}

TEST_CASE("a Loop whose trip count comes from a data-dependent bound runs that many bounded iterations", "[loops]") {
    // flags [6] -> NonZero [1, at most 6] -> its length is the trip count.
    OnnxGraph body, g;
    body.inputs = {onnx_value_info("i", 7, {}), onnx_value_info("cond_in", 9, {}), onnx_value_info("y_in", 1, {2, 4})};
    body.nodes = {onnx_node("Relu", "relu", {"y_in"}, {"y_out"}), onnx_node("Identity", "keep", {"cond_in"}, {"cond_out"})};
    body.outputs = {onnx_value_name("cond_out"), onnx_value_name("y_out")};
    g.inputs = {onnx_value_info("x", 1, {2, 4}), onnx_value_info("flags", 1, {6})};
    g.initializers = {onnx_tensor_int64("one", {}, {1})};
    g.nodes = {onnx_node("NonZero", "nz", {"flags"}, {"where"}), onnx_node("Shape", "shape", {"where"}, {"s"}),
               onnx_node_attrs("Gather", "count", {"s", "one"}, {"n"}, {onnx_attr_int("axis", 0)}),
               onnx_node_attrs("Loop", "loop", {"n", "", "x"}, {"y_final"}, {onnx_attr_graph("body", body.bytes())})};
    g.outputs = {onnx_value_name("y_final")};
    const Report r = inspect_onnx(onnx_model_full(g.bytes(), {{"", 17}}));
    CHECK(layer(r, "loop/5/relu").bounded);
    CHECK(warning_names(r, "loop_bound", "loop"));
    CHECK_FALSE(has_layer(r, "loop/6/relu"));
    InspectOptions sized;
    sized.sizes["nz"] = 2;  // --size nz=2: two iterations
    const Report two = inspect_onnx(onnx_model_full(g.bytes(), {{"", 17}}), sized);
    CHECK(has_layer(two, "loop/1/relu"));
    CHECK_FALSE(has_layer(two, "loop/2/relu"));
}

namespace {

// Scan over x [2, 5, 3] along axis 1, backwards: s = s + slice per step, each s*s a scan output
// stacked along `output_axis`.
std::string scan_model(int64_t opset, int64_t output_axis) {
    OnnxGraph body, g;
    body.inputs = {onnx_value_info("s_in", 1, {2, 3}), onnx_value_info("x_t", 1, {2, 3})};
    body.nodes = {onnx_node("Add", "add", {"s_in", "x_t"}, {"s_out"}), onnx_node("Mul", "square", {"s_out", "s_out"}, {"sq"})};
    body.outputs = {onnx_value_name("s_out"), onnx_value_name("sq")};
    g.inputs = {onnx_value_info("s0", 1, {2, 3}), onnx_value_info("x", 1, {2, 5, 3})};
    g.nodes = {onnx_node_attrs("Scan", "scan", {"s0", "x"}, {"s_final", "squares"},
                               {onnx_attr_graph("body", body.bytes()), onnx_attr_int("num_scan_inputs", 1), onnx_attr_ints("scan_input_axes", {1}),
                                onnx_attr_ints("scan_input_directions", {1}), onnx_attr_ints("scan_output_axes", {output_axis})})};
    g.outputs = {onnx_value_name("s_final"), onnx_value_name("squares")};
    return onnx_model_full(g.bytes(), {{"", opset}});
}

}  // namespace

TEST_CASE("a Scan over inputs of known length runs its body once per slice", "[loops]") {
    for (const int64_t opset : {11, 17}) {  // Unsqueeze takes its axes as an attribute, then as an input
        INFO("opset " << opset);
        const Report r = inspect_onnx(scan_model(opset, 1));
        CHECK(out_dims(layer(r, "scan/0/slice_0")) == Dims{2, 3});
        CHECK(layer(r, "scan/4/add").flops == 6);
        CHECK_FALSE(has_layer(r, "scan/5/add"));
        CHECK(dims(r.graph_outputs[0]) == Dims{2, 3});
        CHECK(dims(r.graph_outputs[1]) == Dims{2, 5, 3});
        CHECK(r.total.complete());
        const Report last_axis = inspect_onnx(scan_model(opset, -1));
        CHECK(dims(last_axis.graph_outputs[1]) == Dims{2, 3, 5});
    }
}

TEST_CASE("control flow inside a loop body reads the iteration's tensors", "[loops]") {
    // The body holds an If (its condition a constant of the enclosing graph) whose branches read
    // the body's own tensor h: once written out, each iteration's branch reads that iteration's h.
    OnnxGraph then_branch, else_branch, body, g;
    then_branch.nodes = {onnx_node("Sigmoid", "sig", {"h"}, {"t_out"})};
    then_branch.outputs = {onnx_value_name("t_out")};
    else_branch.nodes = {onnx_node("Tanh", "tanh", {"h"}, {"e_out"})};
    else_branch.outputs = {onnx_value_name("e_out")};
    body.inputs = {onnx_value_info("i", 7, {}), onnx_value_info("cond_in", 9, {}), onnx_value_info("y_in", 1, {2, 4})};
    body.nodes = {onnx_node("Relu", "relu", {"y_in"}, {"h"}),
                  onnx_node_attrs("If", "branch", {"flag"}, {"y_out"},
                                  {onnx_attr_graph("then_branch", then_branch.bytes()), onnx_attr_graph("else_branch", else_branch.bytes())}),
                  onnx_node("Identity", "keep", {"cond_in"}, {"cond_out"})};
    body.outputs = {onnx_value_name("cond_out"), onnx_value_name("y_out")};
    g.inputs = {onnx_value_info("x", 1, {2, 4})};
    g.initializers = {onnx_tensor_int64("trip_count", {}, {2}), onnx_tensor_raw("flag", 9, {}, std::string(1, '\1'))};
    g.nodes = {onnx_node_attrs("Loop", "loop", {"trip_count", "", "x"}, {"y_final"}, {onnx_attr_graph("body", body.bytes())})};
    g.outputs = {onnx_value_name("y_final")};
    const Report r = inspect_onnx(onnx_model_full(g.bytes(), {{"", 17}}));
    CHECK(out_dims(layer(r, "loop/1/branch/sig")) == Dims{2, 4});
    CHECK_FALSE(has_layer(r, "loop/1/branch/tanh"));
    CHECK(dims(r.graph_outputs[0]) == Dims{2, 4});
    CHECK(r.total.complete());
    CHECK(find_warning(r, "dangling_input") == nullptr);
}
