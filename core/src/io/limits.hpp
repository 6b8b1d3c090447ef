#pragma once
// Bounds on what a model file may ask the readers to hold. Real models sit far below each; a file
// past one is hostile or broken, and gets a clear "too_large" error instead of an allocation that
// exhausts memory (the WebAssembly page has 4 GB at most).
#include <cstddef>
#include <cstdint>

namespace wattlayer {

inline constexpr size_t kMaxNodes = 2'000'000;             // nodes in one graph (LLMs: about 10^5)
inline constexpr size_t kMaxAttributeElements = 1 << 20;   // entries of one attribute list
inline constexpr int kMaxJsonDepth = 64;                   // nesting of a JSON model document

}  // namespace wattlayer
