// Two estimates compared: totals, and layers matched by name (the first unmatched layer of the
// same name), so that a widened layer shows as changed and a new block as added.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

#include "report/json_writer.hpp"
#include "wattlayer/diff.hpp"
#include "wattlayer/error.hpp"

namespace wattlayer {
namespace {

Change change_of(double before, double after) { return {before, after}; }

// A missing layer (added or removed) counts as zeros on its side.
Change layer_change(const LayerReport* before, const LayerReport* after, double (*value)(const LayerReport&)) {
    return {before ? value(*before) : 0.0, after ? value(*after) : 0.0};
}

LayerDiff layer_diff(const LayerReport* before, const LayerReport* after) {
    LayerDiff d;
    const LayerReport& named = after ? *after : *before;
    d.name = named.name;
    d.op = named.op;
    d.energy_j = layer_change(before, after, [](const LayerReport& l) { return l.energy_j.value_or(0); });
    d.time_s = layer_change(before, after, [](const LayerReport& l) { return l.time_s.value_or(0); });
    d.flops = layer_change(before, after, [](const LayerReport& l) { return static_cast<double>(l.flops); });
    d.params = layer_change(before, after, [](const LayerReport& l) { return static_cast<double>(l.params); });
    if (!before) d.change = LayerChange::Added;
    else if (!after) d.change = LayerChange::Removed;
    else if (before->op != after->op || before->flops != after->flops || before->params != after->params || d.energy_j.before != d.energy_j.after)
        d.change = LayerChange::Changed;
    return d;
}

void write_change(JsonWriter& w, const Change& c) {
    w.begin_object();
    w.key("before"), w.value(c.before);
    w.key("after"), w.value(c.after);
    w.key("relative");
    if (const auto r = c.relative()) w.value(*r);
    else w.null();
    w.end_object();
}

// "0.879 J", "12.3 mJ"; "4.09 G"; numbers for a comment, three significant digits.
std::string scaled(double v, const char* unit) {
    static const char* prefixes[] = {"", "k", "M", "G", "T", "P"};
    static const char* small[] = {"", "m", "µ", "n"};
    char text[64];
    const double a = std::fabs(v);
    if (a == 0) {
        std::snprintf(text, sizeof text, "0 %s", unit);
    } else if (a < 1) {
        int i = 0;
        while (a * std::pow(1000.0, i) < 1 && i < 3) ++i;
        std::snprintf(text, sizeof text, "%.3g %s%s", v * std::pow(1000.0, i), small[i], unit);
    } else {
        int i = 0;
        while (a / std::pow(1000.0, i) >= 1000 && i < 5) ++i;
        std::snprintf(text, sizeof text, "%.3g %s%s", v / std::pow(1000.0, i), prefixes[i], unit);
    }
    return text;
}

std::string percent(const Change& c) {
    const auto r = c.relative();
    if (!r) return c.after == 0 ? "=" : "new";
    char text[32];
    std::snprintf(text, sizeof text, "%+.1f%%", 100 * *r);
    return text;
}

// Layer names may hold Markdown's table separators.
std::string cell(std::string_view s) {
    std::string out;
    for (char c : s) out += c == '|' ? std::string("\\|") : std::string(1, c);
    return out;
}

}  // namespace

std::string_view layer_change_name(LayerChange c) {
    switch (c) {
        case LayerChange::Same: return "same";
        case LayerChange::Changed: return "changed";
        case LayerChange::Added: return "added";
        case LayerChange::Removed: return "removed";
    }
    return "same";
}

ReportDiff diff_reports(const Report& before, const Report& after) {
    if (!before.energy || !after.energy) throw Error("bad_argument", "a diff compares two estimates (with energy), not inspect reports");
    ReportDiff d;
    d.before_name = before.model.name;
    d.after_name = after.model.name;
    d.hardware_id = after.energy->hardware_id;
    d.batch = after.batch;
    d.hardware_differs = before.energy->hardware_id != after.energy->hardware_id || before.batch != after.batch ||
                         before.energy->precision != after.energy->precision;
    d.energy_j = change_of(before.energy->energy_j, after.energy->energy_j);
    d.time_s = change_of(before.energy->time_s, after.energy->time_s);
    d.flops = change_of(static_cast<double>(before.total.flops), static_cast<double>(after.total.flops));
    d.params = change_of(static_cast<double>(before.total.params), static_cast<double>(after.total.params));
    d.layers_before = before.layers.size();
    d.layers_after = after.layers.size();

    std::multimap<std::string_view, size_t> by_name;  // before's layers not matched yet
    for (size_t i = 0; i < before.layers.size(); ++i) by_name.emplace(before.layers[i].name, i);
    std::vector<bool> matched(before.layers.size(), false);
    for (const LayerReport& l : after.layers) {
        const LayerReport* old = nullptr;
        if (const auto it = by_name.find(l.name); it != by_name.end()) {
            old = &before.layers[it->second];
            matched[it->second] = true;
            by_name.erase(it);
        }
        LayerDiff ld = layer_diff(old, &l);
        if (ld.change != LayerChange::Same) d.layers.push_back(std::move(ld));
    }
    for (size_t i = 0; i < before.layers.size(); ++i)
        if (!matched[i]) d.layers.push_back(layer_diff(&before.layers[i], nullptr));
    for (const LayerDiff& l : d.layers) {
        d.changed += l.change == LayerChange::Changed;
        d.added += l.change == LayerChange::Added;
        d.removed += l.change == LayerChange::Removed;
    }
    std::stable_sort(d.layers.begin(), d.layers.end(), [](const LayerDiff& a, const LayerDiff& b) {
        return std::fabs(a.energy_j.after - a.energy_j.before) > std::fabs(b.energy_j.after - b.energy_j.before);
    });
    return d;
}

std::string diff_json_text(const ReportDiff& d) {
    std::string text;
    JsonWriter w(text);
    w.begin_object();
    w.key("before"), w.value(d.before_name);
    w.key("after"), w.value(d.after_name);
    w.key("hardware"), w.value(d.hardware_id);
    w.key("batch"), w.value(d.batch);
    w.key("hardware_differs"), w.value(d.hardware_differs);
    w.key("total"), w.begin_object();
    w.key("energy_j"), write_change(w, d.energy_j);
    w.key("time_s"), write_change(w, d.time_s);
    w.key("flops"), write_change(w, d.flops);
    w.key("params"), write_change(w, d.params);
    w.end_object();
    w.key("layer_counts"), w.begin_object();
    w.key("before"), w.value(static_cast<int64_t>(d.layers_before));
    w.key("after"), w.value(static_cast<int64_t>(d.layers_after));
    w.key("changed"), w.value(static_cast<int64_t>(d.changed));
    w.key("added"), w.value(static_cast<int64_t>(d.added));
    w.key("removed"), w.value(static_cast<int64_t>(d.removed));
    w.end_object();
    w.key("layers"), w.begin_array();
    for (const LayerDiff& l : d.layers) {
        w.begin_object();
        w.key("name"), w.value(l.name);
        w.key("op"), w.value(l.op);
        w.key("change"), w.value(layer_change_name(l.change));
        w.key("energy_j"), write_change(w, l.energy_j);
        w.key("time_s"), write_change(w, l.time_s);
        w.key("flops"), write_change(w, l.flops);
        w.key("params"), write_change(w, l.params);
        w.end_object();
    }
    w.end_array();
    w.end_object();
    return text;
}

std::string diff_markdown_text(const ReportDiff& d, size_t max_layers) {
    std::string out = "### WattLayer: " + cell(d.before_name) + (d.before_name == d.after_name ? "" : " → " + cell(d.after_name)) + " (" + d.hardware_id +
                      ", batch " + std::to_string(d.batch) + ")\n\n";
    if (d.hardware_differs) out += "> The two estimates used different hardware, precision or batch sizes.\n\n";
    out += "| | before | after | change |\n|---|---:|---:|---:|\n";
    auto row = [&](const char* label, const Change& c, const char* unit) {
        out += std::string("| ") + label + " | " + scaled(c.before, unit) + " | " + scaled(c.after, unit) + " | " + percent(c) + " |\n";
    };
    row("Energy per inference", d.energy_j, "J");
    row("Time per inference", d.time_s, "s");
    row("FLOPs", d.flops, "FLOP");
    row("Parameters", d.params, "");
    out += "\nLayers: " + std::to_string(d.layers_before) + " → " + std::to_string(d.layers_after) + "; " + std::to_string(d.changed) + " changed, " +
           std::to_string(d.added) + " added, " + std::to_string(d.removed) + " removed (matched by name).\n";
    if (d.layers.empty()) return out;
    const size_t shown = std::min(max_layers, d.layers.size());
    out += "\n<details><summary>The " + std::to_string(shown) + " largest layer changes in energy</summary>\n\n";
    out += "| layer | op | change | energy before | energy after | Δ energy |\n|---|---|---|---:|---:|---:|\n";
    for (size_t i = 0; i < shown; ++i) {
        const LayerDiff& l = d.layers[i];
        const std::string before = l.change == LayerChange::Added ? "–" : scaled(l.energy_j.before, "J");
        const std::string after = l.change == LayerChange::Removed ? "–" : scaled(l.energy_j.after, "J");
        out += "| `" + cell(l.name) + "` | " + cell(l.op) + " | " + std::string(layer_change_name(l.change)) + " | " + before + " | " + after + " | " +
               scaled(l.energy_j.after - l.energy_j.before, "J") + " |\n";
    }
    out += "\n</details>\n";
    return out;
}

}  // namespace wattlayer
