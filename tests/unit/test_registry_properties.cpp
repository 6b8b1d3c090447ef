// Properties every row of the operator registry must have, whatever its rule: on plausible
// inputs (random shapes, a few constant inputs), every output dimension is unknown or
// non-negative, and FLOPs and bytes are non-negative; on extreme attributes, the answer is a report
// or a wattlayer::Error, never anything else. Run natively and, in CI, under the sanitizers.
#include "test_helpers.hpp"

#include <limits>
#include <random>

#include "wattlayer/operators.hpp"

using namespace wltest;
using nlohmann::json;

namespace {

// A model with one layer of `row`, reading `inputs` (tensor objects or names of graph inputs).
std::string one_layer(const wattlayer::OperatorInfo& row, const json& graph_inputs, const json& inputs, const json& attributes) {
    json layer = {{"name", "op"}, {"op", row.op}, {"inputs", inputs}, {"outputs", json::array({"y0", "y1", "y2"})}, {"attributes", attributes}};
    if (!row.domain.empty()) layer["domain"] = row.domain;
    return json({{"format", "wattlayer-json"}, {"version", 1}, {"name", "m"}, {"inputs", graph_inputs}, {"layers", json::array({layer})}}).dump();
}

// Inputs of plausible shapes: ranks 1 to 4, sizes 1 to 6, some of them small int64 constants.
std::pair<json, json> plausible_inputs(std::mt19937& rng) {
    json graph_inputs = json::array(), inputs = json::array();
    const int count = std::uniform_int_distribution<int>(1, 4)(rng);
    for (int i = 0; i < count; ++i) {
        const std::string name = "x" + std::to_string(i);
        json shape = json::array();
        const int rank = std::uniform_int_distribution<int>(1, 4)(rng);
        for (int d = 0; d < rank; ++d) shape.push_back(std::uniform_int_distribution<int>(1, 6)(rng));
        if (i > 0 && std::uniform_int_distribution<int>(0, 2)(rng) == 0) {
            json values = json::array();
            const int n = std::uniform_int_distribution<int>(1, 4)(rng);
            for (int k = 0; k < n; ++k) values.push_back(std::uniform_int_distribution<int>(-1, 4)(rng));
            inputs.push_back({{"name", name}, {"shape", json::array({n})}, {"dtype", "int64"}, {"value", values}});
        } else {
            graph_inputs.push_back({{"name", name}, {"shape", shape}});
            inputs.push_back(name);
        }
    }
    return {graph_inputs, inputs};
}

// The report, or nullopt for a wattlayer::Error; anything else thrown fails the test.
std::optional<wattlayer::Report> inspect_or_error(const std::string& model) {
    try {
        return inspect_json(model);
    } catch (const wattlayer::Error&) {
        return std::nullopt;
    }
}

}  // namespace

TEST_CASE("every registry row: plausible inputs give non-negative dims, FLOPs and bytes", "[registry][properties]") {
    std::mt19937 rng(17);
    size_t reports = 0;
    for (const auto& row : wattlayer::operators()) {
        for (int trial = 0; trial < 6; ++trial) {
            const auto [graph_inputs, inputs] = plausible_inputs(rng);
            const std::string model = one_layer(row, graph_inputs, inputs, json::object());
            INFO(model);
            const auto report = inspect_or_error(model);
            if (!report) continue;
            ++reports;
            for (const auto& layer : report->layers) {
                CHECK(layer.flops >= 0);
                CHECK(layer.bytes_read >= 0);
                CHECK(layer.bytes_written >= 0);
                for (const auto& out : layer.outputs)
                    for (const auto& d : out.dims) CHECK(d.value >= -1);
            }
        }
    }
    CHECK(reports > wattlayer::operators().size());  // most rows answer most trials with a report
}

TEST_CASE("every registry row: extreme attributes give a report or a clean error", "[registry][properties]") {
    const int64_t big[] = {0, -1, int64_t{1} << 31, int64_t{1} << 62, std::numeric_limits<int64_t>::max(), std::numeric_limits<int64_t>::min()};
    const char* names[] = {"axis", "strides", "pads", "kernel_shape", "dilations", "blocksize", "group", "perm", "axes", "k", "to", "split"};
    const json graph_inputs = json::array({{{"name", "x"}, {"shape", {1, 4, 8, 8}}}, {{"name", "w"}, {"shape", {4, 4, 3, 3}}}});
    for (const auto& row : wattlayer::operators())
        for (int64_t v : big)
            for (const char* name : names) {
                const bool list = std::string(name) != "axis" && std::string(name) != "blocksize" && std::string(name) != "group" &&
                                  std::string(name) != "k" && std::string(name) != "to";
                const json value = list ? json::array({v, v, v, v}) : json(v);
                const std::string model = one_layer(row, graph_inputs, json::array({"x", "w"}), {{name, value}});
                INFO(model);
                inspect_or_error(model);  // a report or an Error: anything else fails
            }
}
