// Batch handling: InspectOptions.batch (--batch N) rewrites the leading axis of inputs whose leading
// dim is 1 or symbolic, carries it through Reshape targets the exporter baked at batch 1, and binds
// a symbolic batch; InspectOptions.dims (--dim NAME=V) binds any symbol.
#include "test_helpers.hpp"

using namespace wltest;

namespace {

using Dims = std::vector<int64_t>;

std::string reshape_model(const std::string& x_shape, const std::string& target, int count) {
    return R"({"name":"m","inputs":[{"name":"x","shape":)" + x_shape + R"(}],
      "layers":[{"name":"reshape","op":"Reshape","inputs":["x",{"name":"t","shape":[)" + std::to_string(count) +
           R"(],"dtype":"int64","value":)" + target + R"(}],"outputs":["y"]},
                {"name":"relu","op":"Relu","inputs":["y"],"outputs":["z"]}]})";
}

InspectOptions with_dims(std::map<std::string, int64_t, std::less<>> bindings, std::optional<int64_t> batch = std::nullopt) {
    InspectOptions o;
    o.dims = std::move(bindings);
    o.batch = batch;
    return o;
}

}  // namespace

TEST_CASE("batch 8 rewrites a leading 1 and every cost scales", "[batch]") {
    const std::string model = R"({"name":"m","inputs":[{"name":"x","shape":[1,3,8,8]}],
      "layers":[{"name":"conv","op":"Conv","inputs":["x",{"name":"w","shape":[4,3,3,3],"weight":true}],"outputs":["c"],
                 "attributes":{"pads":[1,1,1,1]}},
                {"name":"relu","op":"Relu","inputs":["c"],"outputs":["r"]},
                {"name":"gap","op":"GlobalAveragePool","inputs":["r"],"outputs":["g"]}]})";
    const auto b1 = inspect_json(model);
    const auto b8 = inspect_json_batch(model, 8);
    CHECK(b1.batch == 1);
    CHECK(b8.batch == 8);
    CHECK(layer(b8, "conv").inputs[0].dims[0].value == 8);
    CHECK(out_dims(layer(b8, "conv")) == Dims{8, 4, 8, 8});
    CHECK(out_dims(layer(b8, "gap")) == Dims{8, 4, 1, 1});
    // Conv: 2 x 256 outputs x 27 per image; x 8 images.
    CHECK(layer(b1, "conv").flops == 2 * 256 * 27);
    CHECK(layer(b8, "conv").flops == 8 * 2 * 256 * 27);
    CHECK(layer(b8, "conv").params == 108);  // weights do not scale
    CHECK(b8.total.params == b1.total.params);
    CHECK(b8.total.flops == 8 * b1.total.flops);
    CHECK(layer(b8, "relu").bytes_written == 8 * 256 * 4);
    REQUIRE(b8.graph_outputs.size() == 1);
    CHECK(dims(b8.graph_outputs[0]) == Dims{8, 4, 1, 1});
    CHECK(b8.warnings.empty());
}

TEST_CASE("a baked Reshape target 1 x -1 follows the batch", "[batch]") {
    const std::string model = reshape_model("[1,3,4]", "[1,-1]", 2);
    CHECK(out_dims(layer(inspect_json(model), "reshape")) == Dims{1, 12});
    const auto b8 = inspect_json_batch(model, 8);
    CHECK(out_dims(layer(b8, "reshape")) == Dims{8, 12});  // not [1, 96]
    CHECK(layer(b8, "relu").flops == 96);
    CHECK(find_warning(b8, "batch_not_rewritten") == nullptr);
}

TEST_CASE("a fully baked Reshape target 1 x 768 follows the batch", "[batch]") {
    const std::string model = reshape_model("[1,3,256]", "[1,768]", 2);
    CHECK(out_dims(layer(inspect_json(model), "reshape")) == Dims{1, 768});
    const auto b8 = inspect_json_batch(model, 8);
    CHECK(out_dims(layer(b8, "reshape")) == Dims{8, 768});
    CHECK(layer(b8, "relu").flops == 8 * 768);
    CHECK(b8.total.unknown_shape_layers == 0);
}

TEST_CASE("a baked target without the batch axis scales the batch-carrying entry", "[batch]") {
    // [1,12,64] -> [12,64] at export; at batch 8 the 8 x 768 elements become [96, 64].
    const auto b8 = inspect_json_batch(reshape_model("[1,12,64]", "[12,64]", 2), 8);
    CHECK(out_dims(layer(b8, "reshape")) == Dims{96, 64});
    CHECK(b8.total.unknown_shape_layers == 0);
}

TEST_CASE("a baked target that no entry can carry is reported - not guessed", "[batch]") {
    // The batch axis moves to position 1 before a rank-1 Reshape to [2]: no entry of the target
    // faces the batch, so the rewrite cannot be carried; the layer is unknown and named.
    const std::string model = R"({"name":"m","inputs":[{"name":"x","shape":[1,2]}],
      "layers":[{"name":"tr","op":"Transpose","inputs":["x"],"outputs":["xt"]},
                {"name":"reshape","op":"Reshape","inputs":["xt",{"name":"t","shape":[1],"dtype":"int64","value":[2]}],"outputs":["y"]}]})";
    CHECK(out_dims(layer(inspect_json(model), "reshape")) == Dims{2});
    const auto b8 = inspect_json_batch(model, 8);
    CHECK(out_dims(layer(b8, "tr")) == Dims{2, 8});
    CHECK_FALSE(layer(b8, "reshape").shape_known);
    CHECK(warning_names(b8, "batch_not_rewritten", "reshape"));
}

TEST_CASE("a symbolic batch is bound by batch or by dims - else assumed 1 with a warning", "[batch]") {
    const std::string model = R"({"name":"m","inputs":[{"name":"x","shape":["N",3,4]},{"name":"mask","shape":["N",4]}],
      "layers":[{"name":"mm","op":"MatMul","inputs":["x",{"name":"w","shape":[4,5],"weight":true}],"outputs":["y"]},
                {"name":"relu","op":"Relu","inputs":["mask"],"outputs":["m2"]}]})";
    const auto unset = inspect_json(model);
    CHECK(unset.batch == 1);
    CHECK(out_dims(layer(unset, "mm")) == Dims{1, 3, 5});
    const auto* w = find_warning(unset, "batch_assumed");
    REQUIRE(w != nullptr);
    CHECK(w->message.find("'N'") != std::string::npos);

    const auto b8 = inspect_json_batch(model, 8);
    CHECK(b8.batch == 8);
    CHECK(out_dims(layer(b8, "mm")) == Dims{8, 3, 5});
    CHECK(out_dims(layer(b8, "relu")) == Dims{8, 4});  // the other input sharing N follows
    CHECK(layer(b8, "mm").flops == 2 * 120 * 4);
    CHECK(find_warning(b8, "batch_assumed") == nullptr);

    const auto n4 = inspect_json(model, with_dims({{"N", 4}}));
    CHECK(n4.batch == 4);
    CHECK(out_dims(layer(n4, "mm")) == Dims{4, 3, 5});
    CHECK(out_dims(layer(n4, "relu")) == Dims{4, 4});
    CHECK(find_warning(n4, "batch_assumed") == nullptr);
}

TEST_CASE("a graph without a batch axis runs --batch N as N passes of one", "[batch]") {
    // A single CHW image: its leading 3 is not a batch.
    const std::string model = R"({"name":"m","inputs":[{"name":"img","shape":[3,8,8]}],
      "layers":[{"name":"relu","op":"Relu","inputs":["img"],"outputs":["y"]}]})";
    const auto r = inspect_json_batch(model, 8);
    CHECK(find_warning(r, "batch_as_passes") != nullptr);
    CHECK(r.batch == 8);
    CHECK(out_dims(layer(r, "relu")) == Dims{3, 8, 8});  // shapes are those of one pass
    CHECK(layer(r, "relu").flops == 8 * 192);
    CHECK(layer(r, "relu").bytes_written == 8 * 192 * 4);
    CHECK(find_warning(inspect_json(model), "batch_as_passes") == nullptr);
    CHECK(find_warning(inspect_json_batch(model, 1), "batch_as_passes") == nullptr);
    // Rank 1 inputs have no batch axis either, even of size 1.
    const auto v = inspect_json_batch(R"({"name":"m","inputs":[{"name":"v","shape":[1]}],
      "layers":[{"name":"relu","op":"Relu","inputs":["v"],"outputs":["y"]}]})", 8);
    CHECK(find_warning(v, "batch_as_passes") != nullptr);
    CHECK(out_dims(layer(v, "relu")) == Dims{1});
}

TEST_CASE("an input's unnamed dynamic axes are named <input>:<axis>, set by dims or assumed", "[batch]") {
    const std::string model = R"({"name":"m","inputs":[{"name":"img","shape":[1,3,null,null]},{"name":"ids","shape":[1,null]}],
      "layers":[{"name":"relu","op":"Relu","inputs":["img"],"outputs":["y"]},{"name":"neg","op":"Neg","inputs":["ids"],"outputs":["z"]}]})";
    const auto assumed = inspect_json(model);
    CHECK(out_dims(layer(assumed, "relu")) == Dims{1, 3, 224, 224});  // an NCHW image's sides
    CHECK(out_dims(layer(assumed, "neg")) == Dims{1, 128});
    REQUIRE(assumed.assumed_dims.size() == 3);
    CHECK(assumed.assumed_dims[0].name == "img:2");
    CHECK(find_warning(assumed, "dim_assumed")->message.find("ids:1 = 128 (ids)") != std::string::npos);
    CHECK(assumed.total.complete());
    InspectOptions set;
    set.dims["img:3"] = 320;
    set.dims["ids:1"] = 7;
    const auto bound = inspect_json(model, set);
    CHECK(out_dims(layer(bound, "relu")) == Dims{1, 3, 224, 320});
    CHECK(out_dims(layer(bound, "neg")) == Dims{1, 7});
    CHECK(find_warning(bound, "unused_dim") == nullptr);
}

TEST_CASE("symbolic non-batch dims are bound by dims - unbound they are assumed, or stay symbolic", "[batch]") {
    const std::string model = R"({"name":"m","inputs":[{"name":"x","shape":[1,"S",16]}],
      "layers":[{"name":"mm","op":"MatMul","inputs":["x",{"name":"w","shape":[16,8],"weight":true}],"outputs":["y"]}]})";
    const auto assumed = inspect_json(model);
    CHECK(out_dims(layer(assumed, "mm")) == Dims{1, 128, 8});
    REQUIRE(assumed.assumed_dims.size() == 1);
    CHECK(assumed.assumed_dims[0].name == "S");
    CHECK(assumed.assumed_dims[0].value == 128);
    const auto* w = find_warning(assumed, "dim_assumed");
    REQUIRE(w != nullptr);
    CHECK(w->message.find("S = 128 (x)") != std::string::npos);
    CHECK(w->message.find("--dim NAME=N") != std::string::npos);
    CHECK(assumed.total.complete());

    InspectOptions keep;
    keep.keep_symbols = true;
    const auto unbound = inspect_json(model, keep);
    CHECK(unbound.assumed_dims.empty());
    CHECK(find_warning(unbound, "dim_assumed") == nullptr);
    const auto& u = layer(unbound, "mm");
    CHECK_FALSE(u.shape_known);
    REQUIRE(u.outputs.size() == 1);
    REQUIRE(u.outputs[0].dims.size() == 3);
    CHECK(u.outputs[0].dims[1].symbol() == "S");
    CHECK(u.flops == 0);
    CHECK(u.params == 128);  // parameters need no shapes
    CHECK(unbound.total.unknown_shape_layers == 1);
    CHECK(find_warning(unbound, "batch_assumed") == nullptr);  // the batch is a fixed 1

    const auto bound = inspect_json(model, with_dims({{"S", 10}}));
    CHECK(out_dims(layer(bound, "mm")) == Dims{1, 10, 8});
    CHECK(layer(bound, "mm").flops == 2 * 80 * 16);
    CHECK(bound.total.unknown_shape_layers == 0);

    const auto both = inspect_json(model, with_dims({{"S", 10}}, 3));
    CHECK(out_dims(layer(both, "mm")) == Dims{3, 10, 8});
    CHECK(layer(both, "mm").flops == 3 * 2 * 80 * 16);
}

TEST_CASE("a batch below 1 or a negative dim is a bad_argument error", "[batch]") {
    const std::string model = R"({"name":"m","inputs":[{"name":"x","shape":[1,"S"]}],
      "layers":[{"name":"relu","op":"Relu","inputs":["x"],"outputs":["y"]}]})";
    CHECK(error_code_of([&] { inspect_json_batch(model, 0); }) == "bad_argument");
    CHECK(error_code_of([&] { inspect_json_batch(model, -3); }) == "bad_argument");
    CHECK(error_code_of([&] { inspect_json(model, with_dims({{"S", -1}})); }) == "bad_argument");
    CHECK(error_code_of([&] { inspect_json(model, with_dims({{"S", 0}})); }) == "");
}

// Found by comparing every layer output with ONNX Runtime: the batch rewrite overwrote the leading
// axis of every input that led with 1 or any symbol, bound or not.
TEST_CASE("only the batch axis is rewritten - a bound symbol and a fixed 1 beside it keep their size", "[batch]") {
    const std::string model = R"({"name":"m","inputs":[{"name":"image","shape":["N",3,4,4]},{"name":"rois","shape":["num_rois",5]},
                                                        {"name":"scale","shape":[1,8]}],
      "layers":[{"name":"relu","op":"Relu","inputs":["image"],"outputs":["a"]},
                {"name":"boxes","op":"Relu","inputs":["rois"],"outputs":["b"]},
                {"name":"s","op":"Relu","inputs":["scale"],"outputs":["c"]}]})";
    const auto bound = inspect_json(model, with_dims({{"num_rois", 16}}));
    CHECK(out_dims(layer(bound, "boxes")) == Dims{16, 5});  // was [1, 5]
    CHECK(out_dims(layer(bound, "relu")) == Dims{1, 3, 4, 4});
    CHECK(find_warning(bound, "batch_assumed") != nullptr);

    const auto b2 = inspect_json(model, with_dims({{"num_rois", 16}}, 2));
    CHECK(out_dims(layer(b2, "relu")) == Dims{2, 3, 4, 4});
    CHECK(out_dims(layer(b2, "boxes")) == Dims{16, 5});
    CHECK(out_dims(layer(b2, "s")) == Dims{1, 8});  // was [2, 8]

    const auto n2 = inspect_json(model, with_dims({{"N", 2}, {"num_rois", 16}}));
    CHECK(n2.batch == 2);
    CHECK(out_dims(layer(n2, "s")) == Dims{1, 8});

    // The report names the inputs that carry the batch, with the shapes the estimate used.
    REQUIRE(b2.graph_inputs.size() == 3);
    CHECK(b2.graph_inputs[0].name == "image");
    CHECK(b2.graph_inputs[0].batch_axis);
    CHECK(dims(b2.graph_inputs[0].shape) == Dims{2, 3, 4, 4});
    CHECK_FALSE(b2.graph_inputs[1].batch_axis);
    CHECK(dims(b2.graph_inputs[1].shape) == Dims{16, 5});
    CHECK_FALSE(b2.graph_inputs[2].batch_axis);
    CHECK(b2.graph_inputs[2].dtype == wattlayer::DType::Float);
}

TEST_CASE("the batch symbol is the one most inputs lead with, ties to a batch-like name", "[batch]") {
    const std::string model = R"({"name":"m","inputs":[{"name":"rois","shape":["num_rois",5]},{"name":"image","shape":["batch_size",3,4,4]}],
      "layers":[{"name":"relu","op":"Relu","inputs":["image"],"outputs":["a"]},
                {"name":"boxes","op":"Relu","inputs":["rois"],"outputs":["b"]}]})";
    const auto b4 = inspect_json_batch(model, 4);
    CHECK(out_dims(layer(b4, "relu")) == Dims{4, 3, 4, 4});
    CHECK(out_dims(layer(b4, "boxes")) == Dims{128, 5});  // not the batch: assumed like any other symbol
    REQUIRE(b4.assumed_dims.size() == 1);
    CHECK(b4.assumed_dims[0].name == "num_rois");
    const auto unset = inspect_json(model);
    const auto* w = find_warning(unset, "batch_assumed");
    REQUIRE(w != nullptr);
    CHECK(w->message.find("'batch_size'") != std::string::npos);

    const std::string shared = R"({"name":"m","inputs":[{"name":"ids","shape":["B","S"]},{"name":"mask","shape":["B","S"]},{"name":"pos","shape":["S",4]}],
      "layers":[{"name":"relu","op":"Relu","inputs":["mask"],"outputs":["a"]}]})";
    const auto s = inspect_json(shared, with_dims({{"S", 7}}, 3));
    CHECK(out_dims(layer(s, "relu")) == Dims{3, 7});
}

TEST_CASE("batch and dims that disagree on the batch symbol: --batch is used, with a warning", "[batch]") {
    const std::string model = R"({"name":"m","inputs":[{"name":"x","shape":["N",4]}],
      "layers":[{"name":"relu","op":"Relu","inputs":["x"],"outputs":["y"]}]})";
    const auto r = inspect_json(model, with_dims({{"N", 2}}, 8));
    CHECK(out_dims(layer(r, "relu")) == Dims{8, 4});
    CHECK(find_warning(r, "batch_conflict") != nullptr);
    CHECK(find_warning(inspect_json(model, with_dims({{"N", 8}}, 8)), "batch_conflict") == nullptr);
}

TEST_CASE("an unnamed dynamic leading axis (-1, as old exporters write it) is a batch axis", "[batch]") {
    const std::string graph = [] {
        std::string g;
        protozero::pbf_writer w(g);
        w.add_message(1, onnx_node("Relu", "relu", {"x"}, {"y"}));
        w.add_string(2, "g");
        w.add_message(11, onnx_value_info_dims("x", 1, {-1, 3, 8, 8}));
        w.add_message(12, onnx_value_info_dims("y", 1, {-1, 3, 8, 8}));
        return g;
    }();
    const std::string bytes = onnx_model(graph);
    const auto unset = inspect_bytes(bytes);
    CHECK(out_dims(layer(unset, "relu")) == Dims{1, 3, 8, 8});
    CHECK(find_warning(unset, "batch_assumed") != nullptr);
    InspectOptions four;
    four.batch = 4;
    const auto b4 = inspect_bytes(bytes, four);
    CHECK(out_dims(layer(b4, "relu")) == Dims{4, 3, 8, 8});
    CHECK(layer(b4, "relu").flops == 4 * 192);
    REQUIRE(b4.graph_inputs.size() == 1);
    CHECK(b4.graph_inputs[0].batch_axis);
}

TEST_CASE("a Concat part kept at the exported batch is named under batch_baked", "[batch]") {
    // A ViT's class token [1, 1, 8] beside the patches: at batch 4 the concat carries the batch.
    const std::string model = R"({"name":"m","inputs":[{"name":"x","shape":[1,6,8]}],
      "layers":[{"name":"cat","op":"Concat","inputs":[{"name":"cls","shape":[1,1,8],"weight":true},"x"],"outputs":["y"],
                 "attributes":{"axis":1}},
                {"name":"relu","op":"Relu","inputs":["y"],"outputs":["z"]}]})";
    const auto b4 = inspect_json_batch(model, 4);
    CHECK(out_dims(layer(b4, "cat")) == Dims{4, 7, 8});
    CHECK(warning_names(b4, "batch_baked", "cat"));
    CHECK(find_warning(inspect_json(model), "batch_baked") == nullptr);
}
