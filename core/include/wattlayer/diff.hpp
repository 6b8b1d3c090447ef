#pragma once
// Two estimates side by side: a model before and after a change (or two models), in totals and per
// layer, matched by layer name where names match. `wattlayer diff` prints it as Markdown for a
// pull-request comment or as JSON; the page's "compare with an earlier version" shows the same.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "wattlayer/report.hpp"

namespace wattlayer {

// One figure before and after.
struct Change {
    double before = 0;
    double after = 0;
    // after / before - 1; nullopt when before is 0.
    std::optional<double> relative() const { return before != 0 ? std::optional<double>(after / before - 1) : std::nullopt; }
};

enum class LayerChange : uint8_t { Same, Changed, Added, Removed };
std::string_view layer_change_name(LayerChange c);  // "same", "changed", "added", "removed"

struct LayerDiff {
    std::string name;
    std::string op;  // the new layer's operator (the old one's when removed)
    LayerChange change = LayerChange::Same;
    Change energy_j, time_s, flops, params;
};

struct ReportDiff {
    std::string before_name, after_name;  // the models' names
    std::string hardware_id;              // the after estimate's profile
    int64_t batch = 1;
    Change energy_j, time_s, flops, params;
    size_t layers_before = 0, layers_after = 0;
    size_t changed = 0, added = 0, removed = 0;  // layers; the rest are the same
    bool hardware_differs = false;               // the two estimates used different profiles or batches
    std::vector<LayerDiff> layers;  // every layer that is not the same, largest energy change first
};

// Both reports must be estimates (with energy); throws Error("bad_argument") otherwise. A layer is
// the same when its name, operator, FLOPs, parameters and energy are equal.
ReportDiff diff_reports(const Report& before, const Report& after);

std::string diff_json_text(const ReportDiff& d);
// A Markdown summary: the totals' table and the `max_layers` largest layer changes.
std::string diff_markdown_text(const ReportDiff& d, size_t max_layers = 15);

}  // namespace wattlayer
