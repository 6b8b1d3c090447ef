// Generation with a KV cache (wattlayer/generation.hpp) on the decoders of
// tests/fixtures/generation (tests/tools/make_decoders.py: vocab 512, hidden 64, 2 layers, MLP 256,
// 4 heads, 2 KV heads in the GQA file): the forms agree with each other and with hand formulas.
#include <nlohmann/json.hpp>

#include "model/kv_cache.hpp"
#include "pipeline.hpp"
#include "test_helpers.hpp"
#include "wattlayer/wattlayer.hpp"

using namespace wattlayer;

namespace {

constexpr int64_t kHidden = 64, kLayers = 2, kVocab = 512, kMlp = 256;

Report generate(const std::string& file, int64_t prompt, int64_t output) {
    const std::string bytes = wltest::read_file(wltest::fixture("generation/" + file));
    InspectOptions options;
    options.file_name = file;
    return estimate_generation(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size(), options, {prompt, output}, builtin_profile("h100"));
}

// The layout's names are views into the model: it stays with them.
struct ModelLayout {
    Model model;
    KvCacheLayout layout;
};

ModelLayout layout_of(const std::string& file, std::string bytes = {}) {
    if (bytes.empty()) bytes = wltest::read_file(wltest::fixture("generation/" + file));
    ModelLayout m{read_model(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size(), file), {}};
    m.layout = kv_cache_layout(m.model.graph);
    return m;
}

// FLOPs of the MatMul layers of a report (the weight products and the attention products).
int64_t matmul_flops(const std::vector<std::pair<std::string, int64_t>>& layers) {
    int64_t sum = 0;
    for (const auto& [op, flops] : layers) sum += op == "MatMul" ? flops : 0;
    return sum;
}

std::vector<std::pair<std::string, int64_t>> ops_of(const Report& r) {
    std::vector<std::pair<std::string, int64_t>> out;
    for (const LayerReport& l : r.layers) out.emplace_back(std::string(l.op), l.flops);
    return out;
}

std::vector<std::pair<std::string, int64_t>> ops_of(const std::vector<DecodeLayerReport>& layers) {
    std::vector<std::pair<std::string, int64_t>> out;
    for (const DecodeLayerReport& l : layers) out.emplace_back(l.op, l.flops);
    return out;
}

// 2 x weights per token, weights of q, k, v, o, the MLP and the LM head (kv: the k and v width).
int64_t weight_flops(int64_t tokens, int64_t kv_width = kHidden) {
    const int64_t per_layer = kHidden * kHidden * 2 + kHidden * kv_width * 2 + 2 * kHidden * kMlp;
    return 2 * tokens * (kLayers * per_layer + kHidden * kVocab);
}

}  // namespace

TEST_CASE("the cache inputs and the symbols of each phase are found by the inputs they appear in", "[generation]") {
    const ModelLayout separate = layout_of("decoder_with_past_model.onnx");
    const KvCacheLayout& with_past = separate.layout;
    CHECK(with_past.cache_inputs.size() == 4);
    CHECK(with_past.past_symbol == "past_sequence_length");
    CHECK(with_past.sequence_symbol == "sequence_length");
    CHECK(with_past.total_symbol == "total_sequence_length");
    CHECK(with_past.branch_input.empty());
    CHECK(layout_of("decoder_model_merged.onnx").layout.branch_input == "use_cache_branch");
    CHECK(layout_of("decoder_gqa.onnx").layout.has_cache());
    const ModelLayout first_pass = layout_of("decoder_model.onnx");
    const KvCacheLayout& none = first_pass.layout;
    CHECK_FALSE(none.has_cache());
    CHECK(none.sequence_symbol == "sequence_length");

    // A JSON model says which inputs are the cache, whatever their names.
    const std::string json = R"({"inputs": [
        {"name": "ids", "shape": ["b", "new"], "dtype": "int64"},
        {"name": "k0", "shape": ["b", 4, "cached", 16], "dtype": "float32", "kv_cache": true}],
      "layers": [{"name": "id", "op": "Identity", "inputs": ["k0"], "outputs": ["y"]}]})";
    const ModelLayout from_json = layout_of("m.json", json);
    const KvCacheLayout& j = from_json.layout;
    CHECK(j.cache_inputs == std::vector<std::string_view>{"k0"});
    CHECK(j.past_symbol == "cached");
    CHECK(j.sequence_symbol == "new");

    // Time series models take past_* inputs too, but return no present cache: not a decoder.
    const auto series = [](const char* output) {
        return std::string(R"({"inputs": [{"name": "past_time_features", "shape": ["b", "context", 4], "dtype": "float32"}],
          "layers": [{"name": "id", "op": "Identity", "inputs": ["past_time_features"], "outputs": [")") + output + R"("]}]})";
    };
    CHECK_FALSE(layout_of("s.json", series("forecast")).layout.has_cache());
    CHECK(layout_of("s.json", series("present.0.key")).layout.has_cache());
}

TEST_CASE("prefill and decode FLOPs of the matrix products match the hand formulas", "[generation]") {
    const int64_t prompt = 100, output = 50;
    const Report r = generate("decoder_with_past_model.onnx", prompt, output);
    REQUIRE(r.generation);
    const GenerationReport& g = *r.generation;
    CHECK(g.kv_cache);
    // Prefill: 2 x weights x P, and QK^T and AV over P x P scores: 4 x layers x P^2 x hidden.
    CHECK(matmul_flops(ops_of(r)) == weight_flops(prompt) + 4 * kLayers * prompt * prompt * kHidden);
    // A decode step against a cache of C: one token, C + 1 keys.
    const int64_t c = g.decode.front().context;
    CHECK(c == prompt);
    CHECK(g.decode.back().context == prompt + output - 2);
    CHECK(matmul_flops(ops_of(g.decode_layers)) == weight_flops(1) + 4 * kLayers * (c + 1) * kHidden);
    // Each further token of cache adds the attention's 4 x layers x hidden FLOPs, and nothing else.
    for (size_t k = 1; k < g.decode.size(); ++k)
        CHECK(g.decode[k].flops - g.decode[k - 1].flops >= 4 * kLayers * kHidden * (g.decode[k].context - g.decode[k - 1].context));
}

TEST_CASE("the separate and the merged If forms give the same phases", "[generation]") {
    const Report separate = generate("decoder_with_past_model.onnx", 64, 20);
    const Report merged = generate("decoder_model_merged.onnx", 64, 20);
    const Report first_pass = generate("decoder_model.onnx", 64, 20);
    REQUIRE(merged.generation);
    CHECK(merged.generation->form == "merged_if");
    CHECK(separate.generation->form == "cache_inputs");
    // The merged prefill takes the branch without the cache: the first-pass file.
    CHECK(merged.generation->prefill.flops == first_pass.generation->prefill.flops);
    CHECK(merged.generation->prefill.energy_j == Approx(first_pass.generation->prefill.energy_j).epsilon(1e-12));
    // Its decode steps take the branch with the cache: the with-past file.
    REQUIRE(merged.generation->decode.size() == separate.generation->decode.size());
    for (size_t k = 0; k < merged.generation->decode.size(); ++k) {
        CHECK(merged.generation->decode[k].flops == separate.generation->decode[k].flops);
        CHECK(merged.generation->decode[k].energy_j == Approx(separate.generation->decode[k].energy_j).epsilon(1e-12));
    }
    CHECK(merged.generation->decode_energy_j == Approx(separate.generation->decode_energy_j).epsilon(1e-12));
}

TEST_CASE("grouped-query attention: fewer key and value weights, the same attention per query head", "[generation]") {
    const Report r = generate("decoder_gqa.onnx", 32, 10);
    REQUIRE(r.generation);
    CHECK(r.generation->kv_cache);
    const auto& layers = r.generation->decode_layers;
    CHECK(matmul_flops(ops_of(layers)) == weight_flops(1, 32));
    int64_t attention = 0;
    for (const DecodeLayerReport& l : layers) attention += l.op == "GroupQueryAttention" ? l.flops : 0;
    const int64_t c = r.generation->decode.front().context;
    CHECK(attention >= 4 * kLayers * (c + 1) * kHidden);
    CHECK(attention < 5 * kLayers * (c + 1) * kHidden);  // plus the softmax
}

TEST_CASE("the whole answer adds the prefill and every decode step; per-token figures follow", "[generation]") {
    const Report r = generate("decoder_with_past_model.onnx", 16, 5);  // 4 decode steps: every one estimated
    const GenerationReport& g = *r.generation;
    REQUIRE(g.decode.size() == 4);
    double decode = 0;
    for (const GenerationPhase& p : g.decode) decode += p.energy_j;
    CHECK(g.decode_energy_j == Approx(decode).epsilon(1e-12));
    CHECK(g.energy_j == Approx(g.prefill.energy_j + decode).epsilon(1e-12));
    CHECK(g.joules_per_1000_output_tokens == Approx(1000 * g.energy_j / 5).epsilon(1e-12));
    CHECK(r.energy->energy_j == Approx(g.prefill.energy_j).epsilon(1e-12));  // the report's own figures are the prefill's
    CHECK(wltest::find_warning(r, "decode_extrapolated") != nullptr);
    for (const DecodeLayerReport& l : g.decode_layers)
        if (l.op == "MatMul") CHECK(l.bound == "memory");  // one token: matrix-vector products
}

TEST_CASE("a decoder without a cache is its prefill only, and says so", "[generation]") {
    const Report r = generate("decoder_model.onnx", 100, 50);
    CHECK_FALSE(r.generation->kv_cache);
    CHECK(r.generation->decode.empty());
    CHECK(r.generation->energy_j == r.generation->prefill.energy_j);
    CHECK(wltest::find_warning(r, "no_kv_cache") != nullptr);
    CHECK_THROWS_AS(generate("decoder_model.onnx", 0, 5), Error);
}

TEST_CASE("a cache decoder estimated without generation is one decode step, merged or not", "[generation]") {
    const std::string separate = wltest::read_file(wltest::fixture("generation/decoder_with_past_model.onnx"));
    const std::string merged = wltest::read_file(wltest::fixture("generation/decoder_model_merged.onnx"));
    const Report a = wltest::inspect_bytes(separate), b = wltest::inspect_bytes(merged);
    CHECK(a.total.complete());
    CHECK(b.total.complete());
    CHECK(a.total.flops == b.total.flops);
    CHECK(matmul_flops(ops_of(a)) == weight_flops(1) + 4 * kLayers * 129 * kHidden);  // past 128 assumed, one token
    CHECK(wltest::find_warning(b, "dim_assumed") != nullptr);
    // The report marks the cache inputs: the page offers generation when it sees one.
    size_t marked = 0;
    for (const GraphInputReport& in : b.graph_inputs) marked += in.kv_cache ? 1 : 0;
    CHECK(marked == 4);
    for (const GraphInputReport& in : wltest::inspect_bytes(wltest::read_file(wltest::fixture("generation/decoder_model.onnx"))).graph_inputs)
        CHECK_FALSE(in.kv_cache);
}

TEST_CASE("estimate --prompt --generate prints the generation; inspect refuses them", "[generation][cli]") {
    const auto r = wltest::run_cli("estimate '" + wltest::fixture("generation/decoder_model_merged.onnx") + "' --prompt 32 --generate 8 --format json");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const nlohmann::json j = nlohmann::json::parse(r.out);
    CHECK(j["generation"]["prompt_tokens"] == 32);
    CHECK(j["generation"]["decode"].size() == 7);
    CHECK(j["generation"]["joules_per_1000_output_tokens"].get<double>() > 0);
    CHECK(wltest::run_cli("inspect '" + wltest::fixture("generation/decoder_model.onnx") + "' --prompt 5").exit_code != 0);
}
