#pragma once
// Checked 64-bit arithmetic: absurd dimensions in a hostile file become a clear error, not UB.
// `what` is a literal: these run in hot loops, and the message is only built on overflow.
#include <cmath>
#include <cstdint>
#include <string>

#include "wattlayer/error.hpp"

namespace wattlayer {

// Whether a * b overflows 64 bits; the product goes to `out`. Factors below 2^31 (nearly all:
// dimensions, element counts) cannot overflow and skip the check, which WebAssembly makes with a
// call to a 128-bit multiply.
inline bool mul_overflows(int64_t a, int64_t b, int64_t* out) {
    if (static_cast<uint64_t>(a) < (uint64_t{1} << 31) && static_cast<uint64_t>(b) < (uint64_t{1} << 31)) {
        *out = a * b;
        return false;
    }
    return __builtin_mul_overflow(a, b, out);
}

// Out of line, so that the checks below stay small enough to be inlined everywhere.
[[noreturn, gnu::noinline, gnu::cold]] inline void throw_overflow(const char* what) {
    throw Error("overflow", std::string(what) + " overflows 64 bits");
}

inline int64_t checked_mul(int64_t a, int64_t b, const char* what) {
    int64_t r;
    if (mul_overflows(a, b, &r)) throw_overflow(what);
    return r;
}

inline int64_t checked_add(int64_t a, int64_t b, const char* what) {
    int64_t r;
    if (__builtin_add_overflow(a, b, &r)) throw_overflow(what);
    return r;
}

// The limits every shape rule may count on, so that their arithmetic cannot overflow: an axis is
// at most 2^40 long (a tensor that long along one axis holds terabytes), and a geometry attribute
// (stride, dilation, pad, kernel size, block size, group) at most 2^20 in magnitude. A product of
// one of each, or a sum of a few, stays far below 2^63.
inline constexpr int64_t kMaxDim = int64_t{1} << 40;
inline constexpr int64_t kMaxGeometry = int64_t{1} << 20;
// The most axes a tensor may have (ONNX sets none; real models stay under 10).
inline constexpr size_t kMaxRank = 64;

[[noreturn, gnu::noinline, gnu::cold]] void throw_dim_too_large(int64_t value);
[[noreturn, gnu::noinline, gnu::cold]] void throw_rank_too_large(size_t rank);

// `rank` when it is within kMaxRank; else Error("too_large"). Rules that take a rank from a
// tensor's length (Reshape, Expand, ConstantOfShape) check it before allocating the shape.
inline size_t checked_rank(size_t rank) {
    if (rank > kMaxRank) throw_rank_too_large(rank);
    return rank;
}

}  // namespace wattlayer
