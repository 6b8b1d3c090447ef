// Output sizes that depend on tensor values (NonZero, NonMaxSuppression, TopK with a computed k,
// Compress, Unique): costed at the most the spec allows, marked bounded along with everything
// computed from them, or at the size the user sets (--size).
#include "test_helpers.hpp"

#include <nlohmann/json.hpp>

using namespace wltest;
using wattlayer::InspectOptions;

namespace {
using Dims = std::vector<int64_t>;

// One NonMaxSuppression of `boxes` [1, 50, 4] and `scores` [1, 3, 50] keeping at most `per_class`
// boxes per class (omitted when empty).
std::string nms(const std::string& per_class) {
    const std::string max_input = per_class.empty() ? "" : R"(,{"name":"k","shape":[],"dtype":"int64","value":[)" + per_class + "]}";
    return R"({"name":"m","opset":11,"inputs":[{"name":"boxes","shape":[1,50,4]},{"name":"scores","shape":[1,3,50]}],
      "layers":[{"name":"nms","op":"NonMaxSuppression","inputs":["boxes","scores")" + max_input + R"(],"outputs":["sel"]},
                {"name":"cast","op":"Cast","inputs":["sel"],"outputs":["f"],"attributes":{"to":1}}]})";
}

}  // namespace

TEST_CASE("NonZero of live values is costed at its bound: every element non-zero", "[fold]") {
    const auto r = inspect_json(R"({"name":"m","inputs":[{"name":"x","shape":[2,3]}],
      "layers":[{"name":"nz","op":"NonZero","inputs":["x"],"outputs":["idx"]},
                {"name":"tr","op":"Transpose","inputs":["idx"],"outputs":["pairs"]},
                {"name":"gnd","op":"GatherND","inputs":["x","pairs"],"outputs":["vals"]},
                {"name":"relu","op":"Relu","inputs":["x"],"outputs":["r"]}]})");
    const auto& nz = layer(r, "nz");
    CHECK(nz.category == "data_movement");
    CHECK(dims(nz.outputs[0]) == Dims{2, 6});  // rank x at most 6 non-zeros
    CHECK(nz.shape_known);
    CHECK(nz.bounded);
    CHECK(dims(layer(r, "tr").outputs[0]) == Dims{6, 2});
    CHECK(dims(layer(r, "gnd").outputs[0]) == Dims{6});
    for (const char* name : {"tr", "gnd"}) CHECK(layer(r, name).bounded);  // fed by the bound
    CHECK_FALSE(layer(r, "relu").bounded);
    CHECK(r.total.unknown_shape_layers == 0);
    CHECK(r.total.bounded_layers == 3);
    CHECK(r.total.bounded_flops == 0);  // data movement
    CHECK_FALSE(r.total.complete());

    const auto* w = find_warning(r, "data_dependent_bound");
    REQUIRE(w != nullptr);
    CHECK(w->layers == std::vector<std::string>{"nz"});  // only the source, not what it feeds
    CHECK(find_warning(r, "data_dependent") == nullptr);
}

TEST_CASE("a set size replaces a data-dependent bound, by layer or by operator, never above it", "[fold]") {
    const std::string model = R"({"name":"m","inputs":[{"name":"x","shape":[2,3]}],
      "layers":[{"name":"nz","op":"NonZero","inputs":["x"],"outputs":["idx"]},
                {"name":"tr","op":"Transpose","inputs":["idx"],"outputs":["pairs"]}]})";
    InspectOptions by_layer;
    by_layer.sizes["nz"] = 4;
    const auto r = inspect_json(model, by_layer);
    CHECK(dims(layer(r, "nz").outputs[0]) == Dims{2, 4});
    CHECK_FALSE(layer(r, "nz").bounded);
    CHECK_FALSE(layer(r, "tr").bounded);
    CHECK(r.total.complete());
    CHECK(find_warning(r, "data_dependent_bound") == nullptr);

    InspectOptions by_op;
    by_op.sizes["NonZero"] = 100;  // more than 2x3 elements can give: the bound
    CHECK(dims(layer(inspect_json(model, by_op), "nz").outputs[0]) == Dims{2, 6});

    InspectOptions unused;
    unused.sizes["Relu"] = 3;
    const auto u = inspect_json(model, unused);
    CHECK(find_warning(u, "unused_size") != nullptr);
    CHECK(layer(u, "nz").bounded);
}

TEST_CASE("TopK with a computed k is bounded by the axis length", "[fold]") {
    const auto r = inspect_json(R"({"name":"m","inputs":[{"name":"x","shape":[2,10]},{"name":"k","shape":[1],"dtype":"int64"}],
      "layers":[{"name":"topk","op":"TopK","inputs":["x","k"],"outputs":["v","i"]}]})");
    CHECK(dims(layer(r, "topk").outputs[0]) == Dims{2, 10});
    CHECK(layer(r, "topk").bounded);
    CHECK(warning_names(r, "data_dependent_bound", "topk"));
}

TEST_CASE("NonMaxSuppression keeps at most max_output_boxes_per_class per class and batch, never more than the boxes", "[data-dependent]") {
    const auto ten = inspect_json(nms("10"));
    CHECK(out_dims(layer(ten, "nms")) == Dims{30, 3});  // 1 batch x 3 classes x 10
    CHECK(layer(ten, "cast").bounded);
    CHECK(layer(ten, "cast").flops == 0);
    CHECK(ten.graph_outputs[0].bounded);
    CHECK(out_dims(layer(inspect_json(nms("1000")), "nms")) == Dims{150, 3});  // only 50 boxes each
    CHECK(out_dims(layer(inspect_json(nms("")), "nms")) == Dims{0, 3});        // absent: 0, as the spec says
    InspectOptions detections;
    detections.sizes["NonMaxSuppression"] = 7;
    const auto set = inspect_json(nms("10"), detections);
    CHECK(out_dims(layer(set, "nms")) == Dims{7, 3});
    CHECK_FALSE(set.graph_outputs[0].bounded);
}

TEST_CASE("Compress and Unique of live values are bounded by their input's length", "[data-dependent]") {
    const auto compress = inspect_json(R"({"name":"m","opset":11,"inputs":[{"name":"x","shape":[5,2]},{"name":"c","shape":[5],"dtype":"bool"}],
      "layers":[{"name":"l","op":"Compress","inputs":["x","c"],"outputs":["y"],"attributes":{"axis":0}}]})");
    CHECK(out_dims(layer(compress, "l")) == Dims{5, 2});
    CHECK(layer(compress, "l").bounded);
    const auto unique = inspect_json(R"({"name":"m","opset":11,"inputs":[{"name":"x","shape":[2,3]}],
      "layers":[{"name":"l","op":"Unique","inputs":["x"],"outputs":["y","i","inv","n"]}]})");
    const auto& u = layer(unique, "l");
    CHECK(dims(u.outputs[0]) == Dims{6});  // every element distinct
    CHECK(dims(u.outputs[2]) == Dims{6});  // inverse indices: exact, one per element
    CHECK(u.bounded);
}

TEST_CASE("the CLI takes --size, and warns when it sets nothing", "[data-dependent][cli]") {
    const auto path = std::filesystem::temp_directory_path() / "wattlayer_nms.json";
    std::ofstream(path) << nms("10");
    const auto r = run_cli("inspect '" + path.string() + "' --format json --size nms=4");
    REQUIRE(r.exit_code == 0);
    const auto report = nlohmann::json::parse(r.out);
    CHECK(report["layers"][0]["outputs"][0] == nlohmann::json::array({4, 3}));
    CHECK(report["total"]["complete"] == true);
    const auto unused = nlohmann::json::parse(run_cli("inspect '" + path.string() + "' --format json --size Relu=4").out);
    CHECK(unused["warnings"][0]["code"] == "unused_size");
    CHECK(unused["total"]["bounded_layers"] == 2);
    CHECK(run_cli("inspect '" + path.string() + "' --size nms=-1").exit_code == 2);
    CHECK(run_cli("inspect '" + path.string() + "' --size nms").exit_code == 1);  // a usage error
}
