#pragma once
// Op records -> fitting rows: each call goes through the core as a one-layer JSON model (the torch
// call translation, shapes, costs and classify_layers), so that the fitted coefficients see the
// same FLOPs and bytes as the layers they are later applied to.
#include <string>
#include <vector>

#include "measurements.hpp"
#include "wattlayer/wattlayer.hpp"

namespace wattlayer::fit {

struct OpRow {
    std::string model;
    int64_t batch = 1;
    std::string func;
    EnergyClass cls = EnergyClass::Free;
    HostGroup host = HostGroup::None;  // the group whose isolated host cost this call measures
    double flops = 0;
    double bytes = 0;
    double time_s = 0;
    double dynamic_j = 0;  // energy above idle: energy - P_idle * time
    double above_idle_w = 0;  // average power above idle while it ran
    double power_range_w = 0; // the board's dynamic range: power limit - idle
    bool reused = false;
};

struct OpRows {
    std::vector<OpRow> rows;
    size_t skipped = 0;  // records the core could not translate, and multi-head attention
};

OpRows op_rows(const std::vector<OpRecord>& records);

// Whether the GPU, not the host, set a record's pace: it drew more than a third of the board's
// dynamic range above idle (194 W on the H100), as busy SMs do even on a memory-bound kernel.
// Taking a host-bound record for GPU-bound would pull GPU times up; the reverse only loses a
// record (it still bounds the time from above), so the line errs high.
inline bool gpu_bound(const OpRow& r) { return r.above_idle_w > r.power_range_w / 3; }
// Whether the GPU mostly waited for the host: within 5% of the dynamic range of idle (29 W on the
// H100), a kernel running a small share of the time.
inline bool host_bound(const OpRow& r) { return r.above_idle_w < r.power_range_w / 20; }

}  // namespace wattlayer::fit
