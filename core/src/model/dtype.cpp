#include "wattlayer/dtype.hpp"

#include <array>

namespace wattlayer {
namespace {

struct DTypeRow {
    DType type;
    std::string_view name;
};

constexpr std::array<DTypeRow, 23> kDTypes = {{
    {DType::Undefined, "undefined"}, {DType::Float, "float32"},
    {DType::UInt8, "uint8"},         {DType::Int8, "int8"},
    {DType::UInt16, "uint16"},      {DType::Int16, "int16"},
    {DType::Int32, "int32"},        {DType::Int64, "int64"},
    {DType::String, "string"},       {DType::Bool, "bool"},
    {DType::Float16, "float16"},    {DType::Double, "float64"},
    {DType::UInt32, "uint32"},      {DType::UInt64, "uint64"},
    {DType::Complex64, "complex64"}, {DType::Complex128, "complex128"},
    {DType::BFloat16, "bfloat16"},  {DType::Float8E4M3FN, "float8e4m3fn"},
    {DType::Float8E4M3FNUZ, "float8e4m3fnuz"}, {DType::Float8E5M2, "float8e5m2"},
    {DType::Float8E5M2FNUZ, "float8e5m2fnuz"}, {DType::UInt4, "uint4"},
    {DType::Int4, "int4"},
}};

struct Alias {
    std::string_view alias;
    DType type;
};
constexpr std::array<Alias, 10> kAliases = {{
    {"float", DType::Float}, {"fp32", DType::Float}, {"half", DType::Float16},
    {"fp16", DType::Float16}, {"bf16", DType::BFloat16}, {"double", DType::Double},
    {"fp64", DType::Double}, {"long", DType::Int64}, {"int", DType::Int32},
    {"boolean", DType::Bool},
}};

}  // namespace

DType dtype_from_code(int64_t code) {
    return code >= 0 && code < static_cast<int64_t>(kDTypes.size()) ? static_cast<DType>(code)
                                                                     : DType::Undefined;
}

std::string_view dtype_name(DType t) { return kDTypes[static_cast<size_t>(dtype_from_code(static_cast<int64_t>(t)))].name; }

DType dtype_from_name(std::string_view name) {
    if (name.substr(0, 6) == "torch.") name.remove_prefix(6);  // PyTorch spells dtypes torch.float32
    for (const auto& row : kDTypes)
        if (row.name == name) return row.type;
    for (const auto& a : kAliases)
        if (a.alias == name) return a.type;
    return DType::Undefined;
}

bool dtype_is_integer(DType t) {
    switch (t) {
        case DType::UInt8: case DType::Int8: case DType::UInt16: case DType::Int16:
        case DType::Int32: case DType::Int64: case DType::Bool: case DType::UInt32:
        case DType::UInt64: case DType::UInt4: case DType::Int4:
            return true;
        default:
            return false;
    }
}

std::string_view precision_name(Precision p) {
    switch (p) {
        case Precision::FP32: return "fp32";
        case Precision::FP16: return "fp16";
        case Precision::BF16: return "bf16";
    }
    return "fp32";
}

std::optional<Precision> precision_from_name(std::string_view name) {
    for (Precision p : kPrecisions)
        if (precision_name(p) == name) return p;
    return std::nullopt;
}

std::string_view file_precision_name(FilePrecision p) {
    switch (p) {
        case FilePrecision::FP32: return "fp32";
        case FilePrecision::FP16: return "fp16";
        case FilePrecision::BF16: return "bf16";
        case FilePrecision::INT8: return "int8";
        case FilePrecision::Mixed: return "mixed";
    }
    return "fp32";
}

}  // namespace wattlayer
