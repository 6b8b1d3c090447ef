#pragma once
// Element types, numbered as ONNX's TensorProto.DataType so that the ONNX reader needs no table.
#include <cstddef>
#include <cstdint>
#include <optional>
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
// Inline, like dtype_is_float: costs ask it of every tensor of every layer.
constexpr int dtype_bits(DType t) {
    switch (t) {
        case DType::UInt4: case DType::Int4: return 4;
        case DType::UInt8: case DType::Int8: case DType::Bool: case DType::Float8E4M3FN:
        case DType::Float8E4M3FNUZ: case DType::Float8E5M2: case DType::Float8E5M2FNUZ: return 8;
        case DType::UInt16: case DType::Int16: case DType::Float16: case DType::BFloat16: return 16;
        case DType::Float: case DType::Int32: case DType::UInt32: return 32;
        case DType::Int64: case DType::Double: case DType::UInt64: case DType::Complex64: return 64;
        case DType::Complex128: return 128;
        default: return 0;  // Undefined, String, codes from the future
    }
}
bool dtype_is_integer(DType t);  // integer and bool types: their small constants are folded exactly
constexpr bool dtype_is_float(DType t) {
    switch (t) {
        case DType::Float: case DType::Float16: case DType::Double: case DType::BFloat16:
        case DType::Float8E4M3FN: case DType::Float8E4M3FNUZ: case DType::Float8E5M2:
        case DType::Float8E5M2FNUZ:
            return true;
        default:
            return false;
    }
}
// Maps an arbitrary integer from a file to a DType, Undefined when out of range.
DType dtype_from_code(int64_t code);

// The precision a GPU runs a model's floating-point work at: a hardware profile's, an estimate's.
enum class Precision : uint8_t { FP32, FP16, BF16 };
inline constexpr Precision kPrecisions[] = {Precision::FP32, Precision::FP16, Precision::BF16};
// "fp32", "fp16", "bf16": the names of profiles, reports and the CLI.
std::string_view precision_name(Precision p);
// The precision of a name above; nullopt for any other.
std::optional<Precision> precision_from_name(std::string_view name);

// What a model file computes in, by the element types of its arithmetic (Report::model.precision);
// int8 covers quantized operators and the QDQ form (DequantizeLinear feeding float layers).
enum class FilePrecision : uint8_t { FP32, FP16, BF16, INT8, Mixed };
inline constexpr size_t kFilePrecisions = 4;  // those with a share of FLOPs: Mixed has none
// "fp32", "fp16", "bf16", "int8", "mixed".
std::string_view file_precision_name(FilePrecision p);

}  // namespace wattlayer
