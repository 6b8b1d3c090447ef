#include "format.hpp"

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

namespace wattlayer::cli {
namespace {

constexpr size_t kDecodeLayersShown = 15;

// 1234567 -> "1.23M"; keeps the table narrow.
std::string human(double v) {
    const char* units[] = {"", "k", "M", "G", "T", "P"};
    int u = 0;
    while (v >= 1000 && u < 5) { v /= 1000; ++u; }
    char buf[32];
    std::snprintf(buf, sizeof buf, u == 0 ? "%.0f%s" : "%.2f%s", v, units[u]);
    return buf;
}

std::string clip(std::string_view s, size_t width) {
    return s.size() <= width ? std::string(s) : std::string(s.substr(0, width - 1)) + "~";
}

// The answer's phases under the prefill's table (whose layers it lists).
void print_generation(std::ostream& out, const GenerationReport& g) {
    char line[256];
    out << "\ngeneration (" << (g.kv_cache ? "KV cache: " + g.form : std::string("no KV cache")) << "), the table above is the prefill\n";
    std::snprintf(line, sizeof line, "  prefill of %lld tokens: %.4g J, %.4g ms, %s FLOPs\n", static_cast<long long>(g.prompt_tokens), g.prefill.energy_j,
                  g.prefill.time_s * 1e3, human(static_cast<double>(g.prefill.flops)).c_str());
    out << line;
    for (const GenerationPhase& p : g.decode) {
        std::snprintf(line, sizeof line, "  decode step at context %6lld: %.4g J, %.4g ms, %s FLOPs\n", static_cast<long long>(p.context), p.energy_j,
                      p.time_s * 1e3, human(static_cast<double>(p.flops)).c_str());
        out << line;
    }
    if (!g.kv_cache) return;
    std::snprintf(line, sizeof line, "  answer of %lld tokens: %.4g J (decode %.4g J), %.4g s; %.4g J per 1,000 output tokens\n",
                  static_cast<long long>(g.output_tokens), g.energy_j, g.decode_energy_j, g.time_s, g.joules_per_1000_output_tokens);
    out << line;
    if (g.decode_layers.empty()) return;
    // The first decode step's costliest layers (--format json lists them all).
    std::vector<const DecodeLayerReport*> layers;
    for (const DecodeLayerReport& l : g.decode_layers) layers.push_back(&l);
    const size_t shown = std::min<size_t>(layers.size(), kDecodeLayersShown);
    std::partial_sort(layers.begin(), layers.begin() + static_cast<std::ptrdiff_t>(shown), layers.end(),
                      [](const DecodeLayerReport* a, const DecodeLayerReport* b) { return a->energy_j > b->energy_j; });
    out << "  one decode step at context " << g.decode.front().context << ", its " << shown << " costliest of " << layers.size() << " layers:\n";
    for (size_t i = 0; i < shown; ++i) {
        const DecodeLayerReport& l = *layers[i];
        std::snprintf(line, sizeof line, "    %-40s %-20s %10s FLOPs %10sB %12.3e J %10.3e s  %s\n", clip(l.name, 40).c_str(), clip(l.op, 20).c_str(),
                      human(static_cast<double>(l.flops)).c_str(), human(static_cast<double>(l.bytes)).c_str(), l.energy_j, l.time_s, l.bound.c_str());
        out << line;
    }
}

}  // namespace

void print_table(std::ostream& out, const Report& r) {
    char line[512];
    out << r.model.name << " (" << r.model.format << ", opset " << r.model.opset << ", " << r.model.nodes
        << " nodes), batch " << r.batch << "\n\n";
    const bool energy = r.energy.has_value();
    std::snprintf(line, sizeof line, "%-5s %-40s %-20s %-14s %-22s %10s %10s %10s %10s%s\n", "#", "layer", "op", "category",
                  "output", "FLOPs", "params", "read B", "written B", energy ? "     energy J     time s  bound" : "");
    out << line;
    for (size_t i = 0; i < r.layers.size(); ++i) {
        const auto& l = r.layers[i];
        std::snprintf(line, sizeof line, "%-5zu %-40s %-20s %-14s %-22s %10s %10s %10s %10s", i + 1, clip(l.name, 40).c_str(),
                      clip(l.op, 20).c_str(), std::string(l.category).c_str(), clip(l.outputs.empty() ? "" : report_shape_text(l.outputs[0]), 22).c_str(),
                      human(static_cast<double>(l.flops)).c_str(), human(static_cast<double>(l.params)).c_str(),
                      human(static_cast<double>(l.bytes_read)).c_str(), human(static_cast<double>(l.bytes_written)).c_str());
        out << line;
        if (energy) {
            std::snprintf(line, sizeof line, " %12.3e %10.3e  %s", l.energy_j.value_or(0), l.time_s.value_or(0), std::string(l.bound).c_str());
            out << line;
        }
        out << "\n";
    }
    const auto& t = r.total;
    out << "\ntotal: " << human(static_cast<double>(t.flops)) << "FLOPs, " << human(static_cast<double>(t.params))
        << " params, " << human(static_cast<double>(t.bytes_read)) << "B read, " << human(static_cast<double>(t.bytes_written))
        << "B written, " << t.layers << " layers (" << t.unknown_shape_layers << " with unknown shapes), " << t.folded_nodes
        << " shape computations folded\n";
    if (!t.complete())
        out << "partial: " << t.unknown_shape_layers << " of " << t.layers << " layers with unknown shapes and " << t.unknown_operator_layers
            << " of unknown operators are costed as 0: the totals are a lower bound\n";
    if (energy) {
        const EnergyTotals& e = *r.energy;
        std::snprintf(line, sizeof line,
                      "energy on %s (%s, %s, %s): %.4g J per inference (%.4g to %.4g J), %.4g mWh; %.4g ms; "
                      "framework overhead %.4g J (%.1f%%); fitted classes cover %.1f%% of FLOPs, %.1f%% of layers\n",
                      e.hardware_id.c_str(), e.source.c_str(), e.runtime.c_str(), std::string(precision_name(e.precision)).c_str(), e.energy_j, e.energy_j_low,
                      e.energy_j_high, e.energy_j / 3.6, e.time_s * 1e3, e.overhead_energy_j,
                      e.energy_j > 0 ? 100 * e.overhead_energy_j / e.energy_j : 0.0, 100 * e.fitted_flops_share, 100 * e.fitted_layers_share);
        out << line;
    }
    if (r.generation) print_generation(out, *r.generation);
    for (const auto& w : r.warnings) {
        out << "warning [" << warning_code_name(w.code) << "]: " << w.message;
        if (!w.layers.empty()) out << " (" << w.layers.size() << (w.layers.size() >= 100 ? "+" : "") << " layers, e.g. " << w.layers[0] << ")";
        out << "\n";
    }
}

void print_csv(std::ostream& out, const Report& r) { out << report_csv_text(r); }

}  // namespace wattlayer::cli
