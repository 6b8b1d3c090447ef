// The report's layers as CSV: one writer for the CLI (--format csv) and the page's export.
#include "report/json_writer.hpp"
#include "wattlayer/report.hpp"

namespace wattlayer {
namespace {

std::string shapes_text(std::span<const ReportShape> shapes) {
    std::string t;
    for (size_t i = 0; i < shapes.size(); ++i) t += (i ? ";" : "") + report_shape_text(shapes[i]);
    return t;
}

void append_field(std::string& out, std::string_view s) {
    if (s.find_first_of(",\"\n") == std::string_view::npos) {
        out += s;
        return;
    }
    out += '"';
    for (const char c : s) {
        if (c == '"') out += '"';
        out += c;
    }
    out += '"';
}

}  // namespace

std::string report_shape_text(const ReportShape& s) {
    if (!s.known_rank) return "?";
    if (s.dims.empty()) return "scalar";
    std::string t;
    for (size_t i = 0; i < s.dims.size(); ++i) {
        if (i) t += 'x';
        const ReportDim& d = s.dims[i];
        t += d.value >= 0 ? std::to_string(d.value) : d.symbol().empty() ? "?" : std::string(d.symbol());
    }
    return t;
}

std::string report_csv_text(const Report& r) {
    std::string out = "name,op,category,dtype,inputs,outputs,flops,params,bytes_read,weight_bytes,bytes_written,shape_known";
    out += r.energy ? ",energy_j,time_s\n" : "\n";
    for (const auto& l : r.layers) {
        append_field(out, l.name);
        out += ',';
        append_field(out, l.op);
        out += ',';
        out += l.category;
        out += ',';
        if (l.dtype) out += dtype_name(*l.dtype);
        out += ',';
        append_field(out, shapes_text(l.inputs));
        out += ',';
        append_field(out, shapes_text(l.outputs));
        for (const int64_t n : {l.flops, l.params, l.bytes_read, l.weight_bytes, l.bytes_written}) out += ',' + std::to_string(n);
        out += l.shape_known ? ",true" : ",false";
        if (r.energy) {
            // Full precision, as in the JSON report: each number reads back to the same double.
            out += ',' + number_text(l.energy_j.value_or(0));
            out += ',' + number_text(l.time_s.value_or(0));
        }
        out += '\n';
    }
    return out;
}

}  // namespace wattlayer
