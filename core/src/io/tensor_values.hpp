#pragma once
// Decoding of small tensor payloads (raw little-endian bytes) into TensorValues.
#include <cstddef>
#include <cstdint>

#include "model/graph.hpp"

namespace wattlayer {

// Decodes `count` elements of `dtype` from little-endian `raw` bytes into `out`, an empty
// TensorValues where it will stay; false (`out` left empty) when the dtype is not numeric or the
// byte count does not match.
bool decode_raw_values(DType dtype, const char* raw, size_t raw_size, int64_t count, TensorValues& out);

// Number of elements of a tensor with these dims; throws Error("overflow") past 64 bits and
// Error("invalid_model") for negative dims.
int64_t element_count(Span<int64_t> dims, std::string_view tensor_name);

}  // namespace wattlayer
