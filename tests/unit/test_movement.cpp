// Data-movement operators (category "data_movement"): shapes from attributes or constant shape
// inputs, 0 FLOPs. Bytes: views (Reshape, Flatten, Squeeze, Unsqueeze, Shape) move nothing; the
// others read their data inputs (not their shape inputs) and write their outputs; a gather-like
// operator (Gather, Slice) reads at most what it writes.
#include "test_helpers.hpp"

using namespace wltest;
using wattlayer::InspectOptions;

namespace {

using Dims = std::vector<int64_t>;

// One layer `op` on graph input x of shape `x_shape`, with extra inputs (JSON entries) and attributes.
std::string one_layer(const std::string& op, const std::string& x_shape, const std::string& extra_inputs = "",
                      const std::string& attrs = "{}", int opset = 17, int outputs = 1) {
    std::string outs;
    for (int i = 0; i < outputs; ++i) outs += (i ? ",\"y" : "\"y") + std::to_string(i) + "\"";
    return R"({"name":"m","opset":)" + std::to_string(opset) + R"(,"inputs":[{"name":"x","shape":)" + x_shape + R"(}],
      "layers":[{"name":"l","op":")" + op + R"(","inputs":["x")" + (extra_inputs.empty() ? "" : "," + extra_inputs) +
           R"(],"outputs":[)" + outs + R"(],"attributes":)" + attrs + "}]}";
}

// A constant int64 vector input named `name`.
std::string ints(const std::string& name, const Dims& values) {
    std::string v;
    for (size_t i = 0; i < values.size(); ++i) v += (i ? "," : "") + std::to_string(values[i]);
    return R"({"name":")" + name + R"(","shape":[)" + std::to_string(values.size()) + R"(],"dtype":"int64","value":[)" + v + "]}";
}

std::string floats(const std::string& name, const std::string& values, int count) {
    return R"({"name":")" + name + R"(","shape":[)" + std::to_string(count) + R"(],"dtype":"float32","value":)" + values + "}";
}

}  // namespace

TEST_CASE("Reshape copies 0 entries and infers -1 - it is a view", "[movement]") {
    const auto r = inspect_json(one_layer("Reshape", "[2,3,4]", ints("s", {0, 4, -1})));
    const auto& l = layer(r, "l");
    CHECK(l.category == "data_movement");
    CHECK(out_dims(l) == Dims{2, 4, 3});  // 0 copies 2; -1 = 24 / (2 x 4)
    CHECK(l.flops == 0);
    CHECK(l.params == 0);  // the int64 target is not a parameter
    CHECK(l.bytes_read == 0);
    CHECK(l.bytes_written == 0);
    CHECK(r.total.folded_nodes == 0);

    const auto flat = inspect_json(one_layer("Reshape", "[2,3,4]", ints("s", {-1})));
    CHECK(out_dims(layer(flat, "l")) == Dims{24});
}

TEST_CASE("Reshape allowzero keeps a literal 0", "[movement]") {
    // Input [3,0] (0 elements) to [0,5]: with allowzero the 0 is a size and the counts agree (0 = 0);
    // without it the 0 copies the input's 3, and 3 x 5 = 15 elements cannot come from 0.
    const auto keep = inspect_json(one_layer("Reshape", "[3,0]", ints("s", {0, 5}), R"({"allowzero":1})"));
    CHECK(out_dims(layer(keep, "l")) == Dims{0, 5});
    CHECK(layer(keep, "l").shape_known);
    const auto copy = inspect_json(one_layer("Reshape", "[3,0]", ints("s", {0, 5})));
    CHECK_FALSE(layer(copy, "l").shape_known);
    CHECK(copy.total.unknown_shape_layers == 1);
}

TEST_CASE("Reshape with a wrong element count or two -1 is unknown - not an error", "[movement]") {
    const auto bad = inspect_json(one_layer("Reshape", "[2,3,4]", ints("s", {5, -1})));
    CHECK_FALSE(layer(bad, "l").shape_known);
    CHECK(warning_names(bad, "unknown_shape", "l"));
    const auto two = inspect_json(one_layer("Reshape", "[2,3,4]", ints("s", {-1, -1})));
    CHECK_FALSE(layer(two, "l").shape_known);
}

TEST_CASE("Transpose with perm and with the default reversal", "[movement]") {
    const auto r = inspect_json(one_layer("Transpose", "[2,3,4]", "", R"({"perm":[0,2,1]})"));
    const auto& l = layer(r, "l");
    CHECK(l.category == "data_movement");
    CHECK(out_dims(l) == Dims{2, 4, 3});
    CHECK(l.flops == 0);
    CHECK(l.bytes_read == 24 * 4);  // a real copy: reads and writes every element
    CHECK(l.bytes_written == 24 * 4);
    const auto rev = inspect_json(one_layer("Transpose", "[2,3,4,5]", ""));
    CHECK(out_dims(layer(rev, "l")) == Dims{5, 4, 3, 2});
    const auto bad = inspect_json(one_layer("Transpose", "[2,3,4]", "", R"({"perm":[0,0,1]})"));
    CHECK_FALSE(layer(bad, "l").shape_known);
}

TEST_CASE("Concat adds the sizes along the axis", "[movement]") {
    const auto r = inspect_json(R"({"name":"m","inputs":[{"name":"a","shape":[2,3,4]},{"name":"b","shape":[2,5,4]}],
      "layers":[{"name":"c","op":"Concat","inputs":["a","b"],"outputs":["y"],"attributes":{"axis":1}},
                {"name":"neg","op":"Concat","inputs":["a","a","a"],"outputs":["z"],"attributes":{"axis":-1}}]})");
    const auto& c = layer(r, "c");
    CHECK(c.category == "data_movement");
    CHECK(out_dims(c) == Dims{2, 8, 4});
    CHECK(c.flops == 0);
    CHECK(c.bytes_read == (24 + 40) * 4);
    CHECK(c.bytes_written == 64 * 4);
    CHECK(out_dims(layer(r, "neg")) == Dims{2, 3, 12});
    // Mismatched non-axis dims: unknown.
    const auto bad = inspect_json(R"({"name":"m","inputs":[{"name":"a","shape":[2,3]},{"name":"b","shape":[4,3]}],
      "layers":[{"name":"c","op":"Concat","inputs":["a","b"],"outputs":["y"],"attributes":{"axis":1}}]})");
    CHECK_FALSE(layer(bad, "c").shape_known);
}

TEST_CASE("Split by attribute (opset 11) - by input (opset 13) and into equal parts", "[movement]") {
    const auto attr = inspect_json(one_layer("Split", "[2,6]", "", R"({"axis":1,"split":[2,4]})", 11, 2));
    const auto& a = layer(attr, "l");
    CHECK(a.category == "data_movement");
    REQUIRE(a.outputs.size() == 2);
    CHECK(out_dims(a, 0) == Dims{2, 2});
    CHECK(out_dims(a, 1) == Dims{2, 4});
    CHECK(a.flops == 0);
    CHECK(a.bytes_read == 12 * 4);
    CHECK(a.bytes_written == 12 * 4);  // both parts together

    const auto input = inspect_json(one_layer("Split", "[2,6]", ints("sp", {1, 5}), R"({"axis":1})", 13, 2));
    CHECK(out_dims(layer(input, "l"), 0) == Dims{2, 1});
    CHECK(out_dims(layer(input, "l"), 1) == Dims{2, 5});
    CHECK(layer(input, "l").bytes_read == 12 * 4);  // the split sizes are not data

    const auto equal = inspect_json(one_layer("Split", "[9,4]", "", "{}", 13, 3));
    for (size_t i = 0; i < 3; ++i) CHECK(out_dims(layer(equal, "l"), i) == Dims{3, 4});

    // Opset 18 without sizes: ceil(7 / 3) = 3, so 3, 3, 1.
    const auto uneven = inspect_json(one_layer("Split", "[7]", "", "{}", 18, 3));
    CHECK(out_dims(layer(uneven, "l"), 0) == Dims{3});
    CHECK(out_dims(layer(uneven, "l"), 2) == Dims{1});
}

TEST_CASE("Slice with negative starts and clamped ends and steps reads only what it writes", "[movement]") {
    const int64_t big = INT64_MAX;
    // [10,20]: axis 1 from -3 to the end -> 3; axis 0 from 0 to 100 (clamped to 10) step 3 -> 0,3,6,9 = 4.
    const auto r = inspect_json(one_layer("Slice", "[10,20]",
                                          ints("st", {-3, 0}) + "," + ints("en", {big, 100}) + "," + ints("ax", {1, 0}) + "," +
                                              ints("sp", {1, 3})));
    const auto& l = layer(r, "l");
    CHECK(l.category == "data_movement");
    CHECK(out_dims(l) == Dims{4, 3});
    CHECK(l.flops == 0);
    CHECK(l.bytes_read == 12 * 4);  // min(input, output) bytes: a slice reads what it keeps
    CHECK(l.bytes_written == 12 * 4);

    // Negative step over the whole axis: from the last element (-1) down past the first (INT64_MIN).
    const auto rev = inspect_json(one_layer("Slice", "[10,20]",
                                            ints("st", {-1}) + "," + ints("en", {INT64_MIN}) + "," + ints("ax", {1}) + "," + ints("sp", {-1})));
    CHECK(out_dims(layer(rev, "l")) == Dims{10, 20});
    // Step -2 from index 8 down to (not including) 1: 8,6,4,2 -> 4.
    const auto rev2 = inspect_json(one_layer("Slice", "[10]", ints("st", {8}) + "," + ints("en", {1}) + "," + ints("ax", {0}) + "," + ints("sp", {-2})));
    CHECK(out_dims(layer(rev2, "l")) == Dims{4});
    // Start past the end: empty.
    const auto empty = inspect_json(one_layer("Slice", "[10]", ints("st", {12}) + "," + ints("en", {20})));
    CHECK(out_dims(layer(empty, "l")) == Dims{0});
    // Opset 9: starts/ends/axes are attributes. 1..-1 on axis 1 of [4,6] -> 4.
    const auto old = inspect_json(one_layer("Slice", "[4,6]", "", R"({"starts":[1],"ends":[-1],"axes":[1]})", 9));
    CHECK(out_dims(layer(old, "l")) == Dims{4, 4});
}

TEST_CASE("Slice with a negative step over an empty axis is empty", "[movement]") {
    const auto r = inspect_json(one_layer("Slice", "[0]", ints("st", {-1}) + "," + ints("en", {INT64_MIN}) + "," + ints("ax", {0}) + "," +
                                                               ints("sp", {-1})));
    CHECK(out_dims(layer(r, "l")) == Dims{0});
}

TEST_CASE("Gather inserts the index shape at the axis", "[movement]") {
    const auto r = inspect_json(R"({"name":"m","inputs":[{"name":"x","shape":[5,4]},{"name":"i","shape":[3,2],"dtype":"int64"}],
      "layers":[{"name":"g0","op":"Gather","inputs":["x","i"],"outputs":["y0"]},
                {"name":"g1","op":"Gather","inputs":["x","i"],"outputs":["y1"],"attributes":{"axis":1}}]})");
    const auto& g0 = layer(r, "g0");
    CHECK(g0.category == "data_movement");
    CHECK(out_dims(g0) == Dims{3, 2, 4});
    CHECK(g0.flops == 0);
    // Reads min(x = 80 B, output = 96 B) of data plus 6 int64 indices.
    CHECK(g0.bytes_read == 80 + 6 * 8);
    CHECK(g0.bytes_written == 24 * 4);
    CHECK(out_dims(layer(r, "g1")) == Dims{5, 3, 2});
}

TEST_CASE("an embedding Gather counts its table as parameters but reads only the rows it picks", "[movement]") {
    const auto r = inspect_json(R"({"name":"m","inputs":[{"name":"ids","shape":[1,8],"dtype":"int64"}],
      "layers":[{"name":"emb","op":"Gather","inputs":[{"name":"table","shape":[1000,64],"weight":true},"ids"],"outputs":["y"]}]})");
    const auto& l = layer(r, "emb");
    CHECK(out_dims(l) == Dims{1, 8, 64});
    CHECK(l.params == 64000);
    CHECK(l.weight_bytes == 8 * 64 * 4);           // 512 floats read out of 64000
    CHECK(l.bytes_read == 8 * 64 * 4 + 8 * 8);     // rows + the ids
    CHECK(l.bytes_written == 8 * 64 * 4);
    CHECK(r.total.params == 64000);
}

TEST_CASE("Flatten at several axes is a view", "[movement]") {
    const auto a1 = inspect_json(one_layer("Flatten", "[2,3,4,5]"));
    CHECK(out_dims(layer(a1, "l")) == Dims{2, 60});
    CHECK(layer(a1, "l").category == "data_movement");
    CHECK(layer(a1, "l").bytes_read == 0);
    CHECK(layer(a1, "l").bytes_written == 0);
    CHECK(out_dims(layer(inspect_json(one_layer("Flatten", "[2,3,4,5]", "", R"({"axis":2})")), "l")) == Dims{6, 20});
    CHECK(out_dims(layer(inspect_json(one_layer("Flatten", "[2,3,4,5]", "", R"({"axis":0})")), "l")) == Dims{1, 120});
    CHECK(out_dims(layer(inspect_json(one_layer("Flatten", "[2,3,4,5]", "", R"({"axis":-1})")), "l")) == Dims{24, 5});
}

TEST_CASE("Squeeze and Unsqueeze - attribute axes (opset 11) and input axes (opset 13)", "[movement]") {
    const auto sq11 = inspect_json(one_layer("Squeeze", "[2,1,3,1]", "", R"({"axes":[1]})", 11));
    CHECK(out_dims(layer(sq11, "l")) == Dims{2, 3, 1});
    CHECK(layer(sq11, "l").category == "data_movement");
    CHECK(layer(sq11, "l").bytes_read == 0);
    const auto sq13 = inspect_json(one_layer("Squeeze", "[2,1,3,1]", ints("a", {-1}), "{}", 13));
    CHECK(out_dims(layer(sq13, "l")) == Dims{2, 1, 3});
    const auto sq_all = inspect_json(one_layer("Squeeze", "[2,1,3,1]", "", "{}", 13));
    CHECK(out_dims(layer(sq_all, "l")) == Dims{2, 3});

    const auto un11 = inspect_json(one_layer("Unsqueeze", "[2,3]", "", R"({"axes":[0,3]})", 11));
    CHECK(out_dims(layer(un11, "l")) == Dims{1, 2, 3, 1});
    // Negative axes count in the output rank (3): -1 is the new last axis.
    const auto un13 = inspect_json(one_layer("Unsqueeze", "[2,3]", ints("a", {-1}), "{}", 13));
    CHECK(out_dims(layer(un13, "l")) == Dims{2, 3, 1});
    const auto un13b = inspect_json(one_layer("Unsqueeze", "[2,3]", ints("a", {1}), "{}", 13));
    CHECK(out_dims(layer(un13b, "l")) == Dims{2, 1, 3});
}

TEST_CASE("Expand broadcasts to the target - Tile multiplies", "[movement]") {
    const auto e = inspect_json(one_layer("Expand", "[3,1]", ints("t", {2, 3, 4})));
    const auto& l = layer(e, "l");
    CHECK(l.category == "data_movement");
    CHECK(out_dims(l) == Dims{2, 3, 4});
    CHECK(l.flops == 0);
    CHECK(l.bytes_read == 3 * 4);  // the shape input is not data
    CHECK(l.bytes_written == 24 * 4);
    // A target of 1s keeps the input's larger dims.
    CHECK(out_dims(layer(inspect_json(one_layer("Expand", "[3,1]", ints("t", {1, 1}))), "l")) == Dims{3, 1});
    CHECK_FALSE(layer(inspect_json(one_layer("Expand", "[3,2]", ints("t", {4, 4}))), "l").shape_known);

    const auto t = inspect_json(one_layer("Tile", "[2,3]", ints("r", {2, 3})));
    CHECK(out_dims(layer(t, "l")) == Dims{4, 9});
    CHECK(layer(t, "l").bytes_read == 6 * 4);
    CHECK(layer(t, "l").bytes_written == 36 * 4);
}

TEST_CASE("Pad by attribute (opset 2) - by input (opset 13) and with axes (opset 18)", "[movement]") {
    const auto old = inspect_json(one_layer("Pad", "[1,3,4,4]", "", R"({"pads":[0,0,1,1,0,0,1,1]})", 2));
    CHECK(out_dims(layer(old, "l")) == Dims{1, 3, 6, 6});
    const auto in = inspect_json(one_layer("Pad", "[1,3,4,4]", ints("p", {0, 0, 1, 2, 0, 0, 3, 0}), "{}", 13));
    const auto& l = layer(in, "l");
    CHECK(l.category == "data_movement");
    CHECK(out_dims(l) == Dims{1, 3, 8, 6});  // H: 4 + 1 + 3, W: 4 + 2 + 0
    CHECK(l.flops == 0);
    CHECK(l.bytes_read == 48 * 4);
    CHECK(l.bytes_written == 144 * 4);
    // Opset 18: pads [begin_h, begin_w, end_h, end_w] for axes [2, 3].
    const auto axes = inspect_json(one_layer("Pad", "[1,3,4,4]", ints("p", {1, 0, 0, 2}) + ",null," + ints("ax", {2, 3}), "{}", 18));
    CHECK(out_dims(layer(axes, "l")) == Dims{1, 3, 5, 6});
}

TEST_CASE("Resize by scales and by sizes - Upsample - FLOPs by mode", "[movement]") {
    // Opset 13 inputs: X, roi, scales, sizes.
    const auto sc = inspect_json(one_layer("Resize", "[1,3,4,4]", "null," + floats("s", "[1,1,2,2]", 4)));
    const auto& l = layer(sc, "l");
    CHECK(l.category == "data_movement");
    CHECK(out_dims(l) == Dims{1, 3, 8, 8});
    CHECK(l.flops == 0);  // nearest: no arithmetic
    CHECK(l.bytes_read == 48 * 4);
    CHECK(l.bytes_written == 192 * 4);

    const auto sz = inspect_json(one_layer("Resize", "[1,3,4,4]", "null,null," + ints("z", {1, 3, 5, 7}), R"({"mode":"linear"})"));
    CHECK(out_dims(layer(sz, "l")) == Dims{1, 3, 5, 7});
    // Linear over the 2 changed axes: 2^2 points, 2 FLOPs each, per output element.
    CHECK(layer(sz, "l").flops == 105 * 2 * 4);
    const auto cubic = inspect_json(one_layer("Resize", "[1,3,4,4]", "null," + floats("s", "[1,1,2,2]", 4), R"({"mode":"cubic"})"));
    CHECK(layer(cubic, "l").flops == 192 * 2 * 16);  // 4^2 points

    // Fractional scales round down: 5 x 1.5 = 7.5 -> 7.
    const auto frac = inspect_json(one_layer("Resize", "[1,1,5,5]", "null," + floats("s", "[1,1,1.5,1.5]", 4)));
    CHECK(out_dims(layer(frac, "l")) == Dims{1, 1, 7, 7});

    // Upsample (and Resize before opset 11) take X, scales.
    const auto up = inspect_json(one_layer("Upsample", "[1,2,3,3]", floats("s", "[1,1,3,3]", 4), "{}", 9));
    CHECK(out_dims(layer(up, "l")) == Dims{1, 2, 9, 9});
    CHECK(layer(up, "l").category == "data_movement");
    const auto r10 = inspect_json(one_layer("Resize", "[1,2,3,3]", floats("s", "[1,1,2,2]", 4), "{}", 10));
    CHECK(out_dims(layer(r10, "l")) == Dims{1, 2, 6, 6});
}

TEST_CASE("Resize-18 keeps the aspect ratio when asked - not_larger and not_smaller", "[movement]") {
    // Sizes 7 x 8 on axes 2 and 3 of a 2 x 2 image: scales 3.5 and 4; one scale for both axes.
    auto resized = [](const std::string& policy) {
        const auto r = inspect_json(one_layer("Resize", "[1,1,2,2]", "null,null," + ints("z", {7, 8}),
                                              R"({"axes":[2,3],"keep_aspect_ratio_policy":")" + policy + R"("})", 18));
        return out_dims(layer(r, "l"));
    };
    CHECK(resized("stretch") == Dims{1, 1, 7, 8});
    CHECK(resized("not_larger") == Dims{1, 1, 7, 7});   // 3.5 x 2
    CHECK(resized("not_smaller") == Dims{1, 1, 8, 8});  // 4 x 2
    // Downsampling 2 x 4 to at most / at least 1 x 3: scales 0.5 and 0.75; 1.5 rounds half up to 2.
    const auto down = inspect_json(one_layer("Resize", "[1,1,2,4]", "null,null," + ints("z", {1, 3}),
                                             R"({"axes":[2,3],"keep_aspect_ratio_policy":"not_smaller"})", 18));
    CHECK(out_dims(layer(down, "l")) == Dims{1, 1, 2, 3});
}

TEST_CASE("Shape and Size of a known shape are folded - of a symbolic one are layers", "[movement]") {
    // Fully known: the values are constants, the nodes are shape computations, not layers.
    const auto known = inspect_json(R"({"name":"m","inputs":[{"name":"x","shape":[2,3,4]}],
      "layers":[{"name":"sh","op":"Shape","inputs":["x"],"outputs":["s"]},
                {"name":"sz","op":"Size","inputs":["x"],"outputs":["n"]}]})");
    CHECK_FALSE(has_layer(known, "sh"));
    CHECK_FALSE(has_layer(known, "sz"));
    CHECK(known.total.folded_nodes == 2);
    CHECK(known.total.layers == 0);
    REQUIRE(known.graph_outputs.size() == 2);
    CHECK(dims(known.graph_outputs[0]) == Dims{3});
    CHECK(dims(known.graph_outputs[1]) == Dims{});  // a scalar

    // A symbolic (non-leading) dim kept symbolic: the rank is still known, the values are not.
    InspectOptions keep;
    keep.keep_symbols = true;
    const auto sym = inspect_json(R"({"name":"m","inputs":[{"name":"x","shape":[2,"S",4]}],
      "layers":[{"name":"sh","op":"Shape","inputs":["x"],"outputs":["s"]},
                {"name":"tail","op":"Shape","inputs":["x"],"outputs":["t"],"attributes":{"start":1}},
                {"name":"sz","op":"Size","inputs":["x"],"outputs":["n"]}]})", keep);
    const auto& sh = layer(sym, "sh");
    CHECK(sh.category == "data_movement");
    CHECK(sh.dtype == wattlayer::DType::Int64);
    CHECK(out_dims(sh) == Dims{3});
    CHECK(sh.flops == 0);
    CHECK(sh.bytes_read == 0);
    CHECK(out_dims(layer(sym, "tail")) == Dims{2});
    CHECK(out_dims(layer(sym, "sz")) == Dims{});
    CHECK(sym.total.folded_nodes == 0);
}

TEST_CASE("bytes follow the element type", "[movement]") {
    const auto r = inspect_json(R"({"name":"m","inputs":[{"name":"x","shape":[4,6],"dtype":"float16"}],
      "layers":[{"name":"t","op":"Transpose","inputs":["x"],"outputs":["y"]},
                {"name":"c","op":"Cast","inputs":["y"],"outputs":["z"],"attributes":{"to":11}}]})");
    CHECK(layer(r, "t").dtype == wattlayer::DType::Float16);
    CHECK(layer(r, "t").bytes_read == 24 * 2);
    CHECK(layer(r, "t").bytes_written == 24 * 2);
    const auto& c = layer(r, "c");
    CHECK(c.category == "data_movement");
    CHECK(c.dtype == wattlayer::DType::Double);
    CHECK(c.bytes_read == 24 * 2);
    CHECK(c.bytes_written == 24 * 8);
    CHECK(r.total.bytes_written == 24 * 2 + 24 * 8);
}

TEST_CASE("a Slice step near the int64 limit takes one element - no overflow", "[movement]") {
    // Found by fuzzing (tests/fuzz/regressions/slice_huge_step.onnx): (end - start + step - 1) overflowed.
    const auto r = inspect_json(R"({"name":"m","inputs":[{"name":"x","shape":[10]}],
      "layers":[{"name":"s","op":"Slice","inputs":["x",{"name":"st","shape":[1],"dtype":"int64","value":[4]},
        {"name":"en","shape":[1],"dtype":"int64","value":[10]},{"name":"ax","shape":[1],"dtype":"int64","value":[0]},
        {"name":"sp","shape":[1],"dtype":"int64","value":[9223372036854775807]}],"outputs":["y"]}]})");
    CHECK(out_dims(layer(r, "s")) == std::vector<int64_t>{1});
}
