#pragma once
// Constant folding of small tensors: the arithmetic PyTorch exports do on shapes at run time
// (Shape -> Gather -> Mul -> Concat -> Reshape). Everything here works on a few thousand elements.
#include <optional>
#include <string_view>

#include "shape/value.hpp"

namespace wattlayer {

// Numpy-style broadcast of two shapes; nullopt when two known dims disagree.
std::optional<Dims> broadcast_dims(const Dims& a, const Dims& b);
// The same, in place: `dims` becomes the broadcast of itself and `other`; unchanged on failure.
bool broadcast_into(Dims& dims, Span<Dim> other);

// Element-wise operator on broadcast operands whose values are known; none when unsupported or
// too large. `fmod` is Mod's attribute. New values are kept in `kept`; a single operand that
// broadcasts to no more elements and keeps its representation is shared, not copied.
SharedValues fold_elementwise(std::string_view op, Span<const Value*> operands,
                              const Ints& out_shape, DType out_type, int64_t fmod, ValueStore& kept);

// Converts values to the representation of `to` (ints or floats, bools as 0/1).
TensorValues convert_values(const TensorValues& v, DType to);
// Whether convert_values(v, to) is a plain copy of `v`.
bool conversion_keeps_values(const TensorValues& v, DType to);

// Builds a value holding `ints` (dtype int64 unless given) with the given shape, kept in `kept`.
Value int_tensor(Span<int64_t> ints, Dims dims, ValueStore& kept, DType dtype = DType::Int64);

// Reads element `i` as a double or int64, whichever representation it has.
inline double as_double(const TensorValues& v, size_t i) { return v.is_float ? v.floats[i] : static_cast<double>(v.ints[i]); }

// True when a tensor with this many elements may carry folded values.
inline bool foldable_size(int64_t n) { return n >= 0 && n <= kMaxDecodedElements; }

}  // namespace wattlayer
