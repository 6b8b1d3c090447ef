// Generation as a sequence of forward passes of one decoder file: the prefill binds the new tokens
// to the prompt and the cache to nothing; a decode step binds one new token and a cache of C.
// Each pass is an ordinary estimate of the same model with other sizes bound.
#include "wattlayer/generation.hpp"

#include <algorithm>
#include <cmath>

#include "io/readers.hpp"
#include "model/kv_cache.hpp"
#include "pipeline.hpp"
#include "wattlayer/error.hpp"
#include "wattlayer/estimate.hpp"

namespace wattlayer {
namespace {

constexpr int64_t kMaxTokens = 1'000'000;
constexpr int64_t kDecodeSamples = 9;  // decode steps estimated; the rest interpolated (cost is near-linear in C)

// The inputs' sizes for one pass: `new_tokens` on a cache of `context`.
InspectOptions pass_options(const InspectOptions& base, const KvCacheLayout& cache, int64_t context, int64_t new_tokens) {
    InspectOptions o = base;
    auto bind = [&](std::string_view symbol, int64_t value) {
        if (!symbol.empty()) o.dims[std::string(symbol)] = value;
    };
    bind(cache.sequence_symbol, new_tokens);
    bind(cache.past_symbol, context);
    bind(cache.total_symbol, context + new_tokens);
    if (!cache.branch_input.empty()) o.input_values[std::string(cache.branch_input)] = context > 0 ? 1 : 0;
    return o;
}

GenerationPhase phase_of(const Report& r, int64_t context, int64_t new_tokens) {
    return {context, new_tokens, r.total.flops, r.total.bytes_read + r.total.bytes_written, r.energy->energy_j, r.energy->time_s};
}

// Up to kDecodeSamples cache lengths spread evenly over [first, last], both included.
std::vector<int64_t> sampled_contexts(int64_t first, int64_t last) {
    std::vector<int64_t> contexts;
    const int64_t steps = last - first + 1;
    const int64_t samples = std::min(steps, kDecodeSamples);
    for (int64_t k = 0; k < samples; ++k) {
        const int64_t c = samples == 1 ? first : first + static_cast<int64_t>(std::llround(static_cast<double>(k) * static_cast<double>(last - first) / static_cast<double>(samples - 1)));
        if (contexts.empty() || contexts.back() != c) contexts.push_back(c);
    }
    return contexts;
}

// The sum over every integer cache length of the first to the last sample of `value`, linear
// between samples.
double interpolated_sum(const std::vector<GenerationPhase>& samples, double GenerationPhase::*value) {
    double sum = samples.back().*value;
    for (size_t k = 0; k + 1 < samples.size(); ++k) {
        const double n = static_cast<double>(samples[k + 1].context - samples[k].context);
        const double slope = (samples[k + 1].*value - samples[k].*value) / n;
        sum += n * (samples[k].*value) + slope * n * (n - 1) / 2;
    }
    return sum;
}

std::vector<DecodeLayerReport> decode_layers(const Report& r) {
    std::vector<DecodeLayerReport> out;
    out.reserve(r.layers.size());
    for (const LayerReport& l : r.layers)
        out.push_back({std::string(l.name), std::string(l.op), std::string(l.bound), l.flops, l.bytes_read + l.bytes_written, l.energy_j.value_or(0),
                       l.time_s.value_or(0)});
    return out;
}

Report generation_model(const Model& model, const InspectOptions& options, const GenerationOptions& g, const ProfileChoice& choice) {
    if (g.prompt_tokens < 1 || g.prompt_tokens > kMaxTokens) throw Error("bad_argument", "--prompt must be between 1 and 1000000 tokens");
    if (g.output_tokens < 1 || g.output_tokens > kMaxTokens) throw Error("bad_argument", "--generate must be between 1 and 1000000 tokens");
    const KvCacheLayout cache = kv_cache_layout(model.graph);
    GenerationReport gen;
    gen.prompt_tokens = cache.sequence_symbol.empty() ? 0 : g.prompt_tokens;
    gen.output_tokens = g.output_tokens;
    gen.kv_cache = cache.has_cache();
    gen.form = !gen.kv_cache ? "none" : cache.branch_input.empty() ? "cache_inputs" : "merged_if";
    if (gen.kv_cache)
        for (std::string_view name : cache.cache_inputs) gen.cache_inputs.emplace_back(name);
    gen.sequence_symbol = cache.sequence_symbol;
    gen.past_symbol = cache.past_symbol;
    gen.total_symbol = cache.total_symbol;
    gen.branch_input = cache.branch_input;

    Report report = estimate_model(model, pass_options(options, cache, 0, g.prompt_tokens), choice);
    gen.prefill = phase_of(report, 0, g.prompt_tokens);
    gen.energy_j = gen.prefill.energy_j;
    gen.time_s = gen.prefill.time_s;
    if (!gen.kv_cache) {
        report.warnings.push_back({WarningCode::NoKvCache, std::string("the model takes no KV cache: generating recomputes the whole context, and the estimate ") +
                                                               (cache.sequence_symbol.empty() ? "is one pass at the file's fixed token count" : "is the prefill only"), {}});
    } else if (g.output_tokens > 1) {
        for (int64_t c : sampled_contexts(g.prompt_tokens, g.prompt_tokens + g.output_tokens - 2)) {
            const Report step = estimate_model(model, pass_options(options, cache, c, 1), choice);
            if (gen.decode.empty()) gen.decode_layers = decode_layers(step);
            gen.decode.push_back(phase_of(step, c, 1));
        }
        gen.decode_energy_j = interpolated_sum(gen.decode, &GenerationPhase::energy_j);
        gen.decode_time_s = interpolated_sum(gen.decode, &GenerationPhase::time_s);
        gen.energy_j += gen.decode_energy_j;
        gen.time_s += gen.decode_time_s;
        report.warnings.push_back({WarningCode::DecodeExtrapolated,
                                   "no measurement has a decode step: decode energy extrapolates the layer-wise model to one-token passes, whose "
                                   "matrix products are matrix-vector products (memory-bound; at batch 1 in eager PyTorch, bound by the host)", {}});
    }
    if (gen.kv_cache) gen.joules_per_1000_output_tokens = 1000 * gen.energy_j / static_cast<double>(g.output_tokens * report.batch);
    report.generation = std::move(gen);
    return report;
}

}  // namespace

Report estimate_generation(const uint8_t* data, size_t size, const InspectOptions& options, const GenerationOptions& generation,
                           const HardwareProfile& profile) {
    ProfileChoice choice;
    choice.profile = &profile;
    return generation_model(read_any(data, size, options.file_name, Names::Borrow), options, generation, choice);
}

Report estimate_generation(const uint8_t* data, size_t size, const InspectOptions& options, const GenerationOptions& generation,
                           const std::string& hardware, const std::string& precision) {
    if (!precision.empty()) builtin_profile(hardware, precision);  // an unknown GPU or precision fails before the model is read
    else builtin_profile(hardware);
    ProfileChoice choice;
    choice.hardware = hardware;
    choice.precision = precision;
    return generation_model(read_any(data, size, options.file_name, Names::Borrow), options, generation, choice);
}

}  // namespace wattlayer
