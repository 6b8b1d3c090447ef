#pragma once
// Checked 64-bit arithmetic: absurd dimensions in a hostile file become a clear error, not UB.
#include <cmath>
#include <cstdint>
#include <string>

#include "wattlayer/error.hpp"

namespace wattlayer {

inline int64_t checked_mul(int64_t a, int64_t b, const std::string& what) {
    int64_t r;
    if (__builtin_mul_overflow(a, b, &r)) throw Error("overflow", what + " overflows 64 bits");
    return r;
}

inline int64_t checked_add(int64_t a, int64_t b, const std::string& what) {
    int64_t r;
    if (__builtin_add_overflow(a, b, &r)) throw Error("overflow", what + " overflows 64 bits");
    return r;
}

}  // namespace wattlayer
