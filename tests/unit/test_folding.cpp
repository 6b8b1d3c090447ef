// Constant folding of shape computations: nodes whose outputs are all known constants are
// evaluated while inferring and reported as total.folded_nodes, not as layers. Data-dependent
// operators (NonZero, ...): test_data_dependent.cpp.
#include "test_helpers.hpp"

using namespace wltest;

namespace {
using Dims = std::vector<int64_t>;
}

TEST_CASE("a PyTorch-style Shape -> Gather -> Unsqueeze -> Concat -> Reshape chain folds", "[fold]") {
    // x.reshape(x.shape[0], -1): the target is computed from x's shape at run time.
    const std::string model = R"({"name":"m","opset":13,"inputs":[{"name":"x","shape":[1,3,4,4]}],
      "layers":[{"name":"shape","op":"Shape","inputs":["x"],"outputs":["s"]},
                {"name":"gather","op":"Gather","inputs":["s",{"name":"zero","shape":[],"dtype":"int64","value":[0]}],"outputs":["n"]},
                {"name":"unsq","op":"Unsqueeze","inputs":["n",{"name":"ax","shape":[1],"dtype":"int64","value":[0]}],"outputs":["n1"]},
                {"name":"concat","op":"Concat","inputs":["n1",{"name":"minus1","shape":[1],"dtype":"int64","value":[-1]}],
                 "outputs":["target"],"attributes":{"axis":0}},
                {"name":"reshape","op":"Reshape","inputs":["x","target"],"outputs":["y"]},
                {"name":"relu","op":"Relu","inputs":["y"],"outputs":["z"]}]})";
    const auto r = inspect_json(model);
    CHECK(out_dims(layer(r, "reshape")) == Dims{1, 48});
    CHECK(out_dims(layer(r, "relu")) == Dims{1, 48});
    for (const char* folded : {"shape", "gather", "unsq", "concat"}) {
        INFO(folded);
        CHECK_FALSE(has_layer(r, folded));
    }
    CHECK(r.total.folded_nodes == 4);
    CHECK(r.total.layers == 2);
    CHECK(r.total.flops == 48);  // the Relu only
    CHECK(r.total.unknown_shape_layers == 0);
    CHECK(r.model.nodes == 6);  // folded nodes are still nodes of the file

    // The chain follows the live batch: at batch 8 the target becomes [8, -1].
    const auto b8 = inspect_json_batch(model, 8);
    CHECK(out_dims(layer(b8, "reshape")) == Dims{8, 48});
    CHECK(b8.total.folded_nodes == 4);
    CHECK(b8.total.flops == 8 * 48);
    CHECK(find_warning(b8, "batch_not_rewritten") == nullptr);
}

TEST_CASE("folded arithmetic on shapes - Mul and Div of gathered dims", "[fold]") {
    // y = x.view(B, C * H, W // 2, 2) from [2,3,4,6]: [2, 12, 3, 2].
    const auto r = inspect_json(R"({"name":"m","opset":13,"inputs":[{"name":"x","shape":[2,3,4,6]}],
      "layers":[{"name":"shape","op":"Shape","inputs":["x"],"outputs":["s"]},
                {"name":"g","op":"Gather","inputs":["s",{"name":"idx","shape":[4],"dtype":"int64","value":[0,1,2,3]}],"outputs":["d"]},
                {"name":"split","op":"Split","inputs":["d"],"outputs":["b","c","h","w"],"attributes":{"axis":0}},
                {"name":"ch","op":"Mul","inputs":["c","h"],"outputs":["ch"]},
                {"name":"w2","op":"Div","inputs":["w",{"name":"two","shape":[1],"dtype":"int64","value":[2]}],"outputs":["w2"]},
                {"name":"cat","op":"Concat","inputs":["b","ch","w2",{"name":"two_b","shape":[1],"dtype":"int64","value":[2]}],
                 "outputs":["t"],"attributes":{"axis":0}},
                {"name":"reshape","op":"Reshape","inputs":["x","t"],"outputs":["y"]}]})");
    CHECK(out_dims(layer(r, "reshape")) == Dims{2, 12, 3, 2});
    CHECK(r.total.folded_nodes == 6);
    CHECK(r.total.layers == 1);
}

TEST_CASE("ConstantOfShape folds - with its fill value", "[fold]") {
    // ConstantOfShape([2]) filled with 3 gives the Tile repeats [3, 3].
    const auto r = inspect_json(R"({"name":"m","inputs":[{"name":"x","shape":[2,5]}],
      "layers":[{"name":"cos","op":"ConstantOfShape","inputs":[{"name":"n","shape":[1],"dtype":"int64","value":[2]}],"outputs":["reps"],
                 "attributes":{"value":{"shape":[1],"dtype":"int64","value":[3]}}},
                {"name":"tile","op":"Tile","inputs":["x","reps"],"outputs":["y"]},
                {"name":"zeros","op":"ConstantOfShape","inputs":[{"name":"shp","shape":[2],"dtype":"int64","value":[2,5]}],"outputs":["z"]},
                {"name":"add","op":"Add","inputs":["x","z"],"outputs":["s"]}]})");
    CHECK_FALSE(has_layer(r, "cos"));
    CHECK_FALSE(has_layer(r, "zeros"));
    CHECK(r.total.folded_nodes == 2);
    CHECK(out_dims(layer(r, "tile")) == Dims{6, 15});
    const auto& add = layer(r, "add");
    CHECK(out_dims(add) == Dims{2, 5});
    CHECK(add.flops == 10);
    CHECK(add.bytes_read == (10 + 10) * 4);  // the zeros are float32 by default
}

TEST_CASE("Range folds into indices whose length shapes a Gather", "[fold]") {
    // Range(1, 10, 3) = [1, 4, 7]: 3 indices.
    const auto r = inspect_json(R"({"name":"m","inputs":[{"name":"x","shape":[12,4]}],
      "layers":[{"name":"range","op":"Range","inputs":[{"name":"start","shape":[],"dtype":"int64","value":[1]},
                                                      {"name":"limit","shape":[],"dtype":"int64","value":[10]},
                                                      {"name":"delta","shape":[],"dtype":"int64","value":[3]}],"outputs":["idx"]},
                {"name":"gather","op":"Gather","inputs":["x","idx"],"outputs":["y"]}]})");
    CHECK_FALSE(has_layer(r, "range"));
    CHECK(r.total.folded_nodes == 1);
    CHECK(out_dims(layer(r, "gather")) == Dims{3, 4});
    CHECK(layer(r, "gather").bytes_read == 12 * 4 + 3 * 8);
}

TEST_CASE("Equal and Where on small ints pick the live dims for a -1", "[fold]") {
    // PyTorch's expand(-1, 5): Where(target == -1, shape(x), target) = [4, 5].
    const auto r = inspect_json(R"({"name":"m","inputs":[{"name":"x","shape":[4,1]}],
      "layers":[{"name":"eq","op":"Equal","inputs":[{"name":"t","shape":[2],"dtype":"int64","value":[-1,5]},
                                                   {"name":"m1","shape":[1],"dtype":"int64","value":[-1]}],"outputs":["is_neg"]},
                {"name":"shape","op":"Shape","inputs":["x"],"outputs":["s"]},
                {"name":"where","op":"Where","inputs":["is_neg","s","t"],"outputs":["target"]},
                {"name":"expand","op":"Expand","inputs":["x","target"],"outputs":["y"]}]})");
    CHECK(r.total.folded_nodes == 3);
    CHECK(r.total.layers == 1);
    CHECK(out_dims(layer(r, "expand")) == Dims{4, 5});
    CHECK(layer(r, "expand").bytes_written == 20 * 4);
}

TEST_CASE("ReduceMax of a float constant folds", "[fold]") {
    const auto r = inspect_json(R"({"name":"m","layers":[
      {"name":"mx","op":"ReduceMax","inputs":[{"name":"sizes","shape":[2],"dtype":"float32","value":[320.0,256.0]}],
       "outputs":["m"],"attributes":{"keepdims":0}},
      {"name":"cast","op":"Cast","inputs":["m"],"outputs":["mi"],"attributes":{"to":7}},
      {"name":"unsq","op":"Unsqueeze","inputs":["mi",{"name":"ax","shape":[1],"dtype":"int64","value":[0]}],"outputs":["n"]},
      {"name":"zeros","op":"ConstantOfShape","inputs":["n"],"outputs":["y"]}]})");
    REQUIRE(r.graph_outputs.size() == 1);
    CHECK(dims(r.graph_outputs[0]) == Dims{320});  // got [?]
    CHECK(r.total.folded_nodes == 4);              // got 0
}

TEST_CASE("a computation on activations is never folded", "[fold]") {
    const auto r = inspect_json(R"({"name":"m","inputs":[{"name":"x","shape":[2,2],"dtype":"int64"}],
      "layers":[{"name":"add","op":"Add","inputs":["x",{"name":"one","shape":[1],"dtype":"int64","value":[1]}],"outputs":["y"]}]})");
    CHECK(has_layer(r, "add"));
    CHECK(r.total.folded_nodes == 0);
    CHECK(layer(r, "add").flops == 4);
}
