#pragma once
// Checked 64-bit arithmetic: absurd dimensions in a hostile file become a clear error, not UB.
// `what` is a literal: these run in hot loops, and the message is only built on overflow.
#include <cmath>
#include <cstdint>
#include <string>

#include "wattlayer/error.hpp"

namespace wattlayer {

inline int64_t checked_mul(int64_t a, int64_t b, const char* what) {
    int64_t r;
    if (__builtin_mul_overflow(a, b, &r)) throw Error("overflow", std::string(what) + " overflows 64 bits");
    return r;
}

inline int64_t checked_add(int64_t a, int64_t b, const char* what) {
    int64_t r;
    if (__builtin_add_overflow(a, b, &r)) throw Error("overflow", std::string(what) + " overflows 64 bits");
    return r;
}

}  // namespace wattlayer
