#pragma once
// Op-level fits depend only on which op-recorded architectures a fold leaves out and on the c0
// ceiling: the hundreds of fits of a cross-validation share a few dozen op-level fits.
#include <map>
#include <set>
#include <string>
#include <utility>

#include "fit_data.hpp"
#include "op_level_fit.hpp"

namespace wattlayer::fit {

class OpLevelCache {
public:
    explicit OpLevelCache(const FitData& data);
    // The op-level fit on the op records of architectures not in `excluded`.
    const OpLevelFit& get(const Excluded& excluded, double c0_max_s);

private:
    const FitData& data_;
    std::set<std::string> recorded_;  // architectures with op records
    std::map<std::pair<Excluded, double>, OpLevelFit> fits_;
};

}  // namespace wattlayer::fit
