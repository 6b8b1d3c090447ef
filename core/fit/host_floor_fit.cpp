#include "op_level_fit.hpp"
#include "statistics.hpp"

namespace wattlayer::fit {
namespace {

constexpr double kUnmeasuredHostS = 10e-6;  // a group without host-bound records

}  // namespace

// Batch 1 only: the batch-8 op run has too few host-bound records for most groups.
void fit_host_floors(const std::vector<const OpRow*>& rows, OpLevelFit& fit) {
    std::array<std::vector<double>, kHostGroups> times;
    for (const OpRow* r : rows)
        if (!r->reused && r->batch == 1 && host_bound(*r) && r->host != HostGroup::None)
            times[static_cast<size_t>(r->host)].push_back(r->time_s);
    for (size_t g = 0; g < kHostGroups; ++g)
        fit.host_s[g] = g == static_cast<size_t>(HostGroup::None) ? 0.0 : times[g].empty() ? kUnmeasuredHostS : median(times[g]);
}

}  // namespace wattlayer::fit
