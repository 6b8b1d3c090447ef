#pragma once
// Element types, numbered as ONNX's TensorProto.DataType so that the ONNX reader needs no table.
#include <cstdint>
#include <string_view>

namespace wattlayer {

enum class DType : int32_t {
    Undefined = 0, Float = 1, UInt8 = 2, Int8 = 3, UInt16 = 4, Int16 = 5, Int32 = 6, Int64 = 7,
    String = 8, Bool = 9, Float16 = 10, Double = 11, UInt32 = 12, UInt64 = 13, Complex64 = 14,
    Complex128 = 15, BFloat16 = 16, Float8E4M3FN = 17, Float8E4M3FNUZ = 18, Float8E5M2 = 19,
    Float8E5M2FNUZ = 20, UInt4 = 21, Int4 = 22,
};

// Short lower-case name ("float32", "int64", ...); "undefined" for unknown codes.
std::string_view dtype_name(DType t);
// Parses the names above plus common aliases ("float", "fp16", "bf16", "long"); Undefined if unknown.
DType dtype_from_name(std::string_view name);
// Size of one element in bits (4-bit types exist), 0 when unknown or variable (strings).
int dtype_bits(DType t);
bool dtype_is_integer(DType t);  // integer and bool types: their small constants are folded exactly
bool dtype_is_float(DType t);
// Maps an arbitrary integer from a file to a DType, Undefined when out of range.
DType dtype_from_code(int64_t code);

}  // namespace wattlayer
