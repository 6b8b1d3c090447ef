#pragma once
// Arithmetic on dimensions, for the rules that derive head sizes and cache lengths: a result is
// known only when what it is made of is. Counts that overflow are an Error("overflow").
#include "core_math.hpp"
#include "shape/value.hpp"

namespace wattlayer {

// `d` split evenly into `count` parts (heads, the three thirds of a packed Q, K, V): unknown
// unless both are known and `count` divides `d`.
inline Dim per_head(const Dim& d, int64_t count) {
    if (!d.known() || count <= 0 || d.value % count != 0) return Dim{};
    return Dim::of(d.value / count);
}

// `d` times a positive count, keeping d's batch mark.
inline Dim times(const Dim& d, int64_t count) {
    return d.known() && count > 0 ? Dim::of(checked_mul(d.value, count, "a dimension"), d.batch) : Dim{};
}

inline Dim plus(const Dim& a, const Dim& b) {
    return a.known() && b.known() ? Dim::of(checked_add(a.value, b.value, "a dimension")) : Dim{};
}

}  // namespace wattlayer
