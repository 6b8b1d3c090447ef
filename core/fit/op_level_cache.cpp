#include "op_level_cache.hpp"

namespace wattlayer::fit {

OpLevelCache::OpLevelCache(const FitData& data) : data_(data) {
    for (const OpRow& r : data.ops.rows) recorded_.insert(r.model);
}

const OpLevelFit& OpLevelCache::get(const Excluded& excluded, double c0_max_s) {
    Excluded recorded_excluded;
    for (const std::string& m : excluded)
        if (recorded_.count(m)) recorded_excluded.insert(m);
    auto key = std::make_pair(std::move(recorded_excluded), c0_max_s);
    auto it = fits_.find(key);
    if (it == fits_.end()) it = fits_.emplace(key, fit_op_level(data_.ops.rows, key.first, c0_max_s)).first;
    return it->second;
}

}  // namespace wattlayer::fit
