#include "format.hpp"

#include <cstdio>
#include <string>

namespace wattlayer::cli {
namespace {

std::string shape_text(const ReportShape& s) {
    if (!s.known_rank) return "?";
    std::string t;
    for (size_t i = 0; i < s.dims.size(); ++i) {
        if (i) t += "x";
        t += s.dims[i].value >= 0 ? std::to_string(s.dims[i].value) : (s.dims[i].symbol().empty() ? "?" : std::string(s.dims[i].symbol()));
    }
    return t.empty() ? "scalar" : t;
}

std::string shapes_text(Span<ReportShape> shapes) {
    std::string t;
    for (size_t i = 0; i < shapes.size(); ++i) t += (i ? ";" : "") + shape_text(shapes[i]);
    return t;
}

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

std::string csv_field(std::string_view s) {
    if (s.find_first_of(",\"\n") == std::string::npos) return std::string(s);
    std::string q = "\"";
    for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
    return q + "\"";
}

}  // namespace

void print_table(std::ostream& out, const Report& r) {
    char line[512];
    out << r.model.name << " (" << r.model.format << ", opset " << r.model.opset << ", " << r.model.nodes
        << " nodes), batch " << r.batch << "\n\n";
    const bool energy = r.energy.has_value();
    std::snprintf(line, sizeof line, "%-5s %-40s %-20s %-14s %-22s %10s %10s %10s %10s%s\n", "#", "layer", "op", "category",
                  "output", "FLOPs", "params", "read B", "written B", energy ? "     energy J     time s" : "");
    out << line;
    for (size_t i = 0; i < r.layers.size(); ++i) {
        const auto& l = r.layers[i];
        std::snprintf(line, sizeof line, "%-5zu %-40s %-20s %-14s %-22s %10s %10s %10s %10s", i + 1, clip(l.name, 40).c_str(),
                      clip(l.op, 20).c_str(), std::string(l.category).c_str(), clip(l.outputs.empty() ? "" : shape_text(l.outputs[0]), 22).c_str(),
                      human(static_cast<double>(l.flops)).c_str(), human(static_cast<double>(l.params)).c_str(),
                      human(static_cast<double>(l.bytes_read)).c_str(), human(static_cast<double>(l.bytes_written)).c_str());
        out << line;
        if (energy) {
            std::snprintf(line, sizeof line, " %12.3e %10.3e", l.energy_j.value_or(0), l.time_s.value_or(0));
            out << line;
        }
        out << "\n";
    }
    const auto& t = r.total;
    out << "\ntotal: " << human(static_cast<double>(t.flops)) << "FLOPs, " << human(static_cast<double>(t.params))
        << " params, " << human(static_cast<double>(t.bytes_read)) << "B read, " << human(static_cast<double>(t.bytes_written))
        << "B written, " << t.layers << " layers (" << t.unknown_shape_layers << " with unknown shapes), " << t.folded_nodes
        << " shape computations folded\n";
    if (energy) {
        const EnergyTotals& e = *r.energy;
        std::snprintf(line, sizeof line,
                      "energy on %s (%s, %s, %s): %.4g J per inference (%.4g to %.4g J), %.4g mWh; %.4g ms; "
                      "framework overhead %.4g J (%.1f%%); fitted classes cover %.1f%% of FLOPs, %.1f%% of layers\n",
                      e.hardware_id.c_str(), e.source.c_str(), e.runtime.c_str(), e.precision.c_str(), e.energy_j, e.energy_j_low,
                      e.energy_j_high, e.energy_j / 3.6, e.time_s * 1e3, e.overhead_energy_j,
                      e.energy_j > 0 ? 100 * e.overhead_energy_j / e.energy_j : 0.0, 100 * e.fitted_flops_share, 100 * e.fitted_layers_share);
        out << line;
    }
    for (const auto& w : r.warnings) {
        out << "warning [" << w.code << "]: " << w.message;
        if (!w.layers.empty()) out << " (" << w.layers.size() << (w.layers.size() >= 100 ? "+" : "") << " layers, e.g. " << w.layers[0] << ")";
        out << "\n";
    }
}

void print_csv(std::ostream& out, const Report& r) {
    out << "name,op,category,dtype,inputs,outputs,flops,params,bytes_read,weight_bytes,bytes_written,shape_known"
        << (r.energy ? ",energy_j,time_s" : "") << "\n";
    for (const auto& l : r.layers) {
        out << csv_field(l.name) << ',' << csv_field(l.op) << ',' << l.category << ',' << l.dtype << ','
            << csv_field(shapes_text(l.inputs)) << ',' << csv_field(shapes_text(l.outputs)) << ',' << l.flops << ','
            << l.params << ',' << l.bytes_read << ',' << l.weight_bytes << ',' << l.bytes_written << ','
            << (l.shape_known ? "true" : "false");
        if (r.energy) out << ',' << l.energy_j.value_or(0) << ',' << l.time_s.value_or(0);
        out << '\n';
    }
}

}  // namespace wattlayer::cli
