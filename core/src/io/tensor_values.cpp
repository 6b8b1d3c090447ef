#include "io/tensor_values.hpp"

#include <cstring>

#include "core_math.hpp"
#include "wattlayer/error.hpp"

namespace wattlayer {
namespace {

template <typename T>
T load_le(const char* p) {
    T v;
    std::memcpy(&v, p, sizeof(T));  // WebAssembly and x86 are little-endian, like ONNX raw data
    return v;
}

double half_to_double(uint16_t h) {
    const int sign = (h >> 15) & 1, exponent = (h >> 10) & 0x1f, mantissa = h & 0x3ff;
    double value;
    if (exponent == 0) value = std::ldexp(mantissa, -24);
    else if (exponent == 31) value = mantissa ? NAN : INFINITY;
    else value = std::ldexp(mantissa + 1024, exponent - 25);
    return sign ? -value : value;
}

double bfloat16_to_double(uint16_t b) {
    const uint32_t bits = static_cast<uint32_t>(b) << 16;
    float f;
    std::memcpy(&f, &bits, sizeof f);
    return f;
}

}  // namespace

int64_t element_count(Span<int64_t> dims, std::string_view tensor_name) {
    int64_t count = 1;
    for (int64_t d : dims) {
        if (d < 0) throw Error("invalid_model", "tensor '" + std::string(tensor_name) + "' has a negative dimension");
        int64_t next;
        if (mul_overflows(count, d, &next)) throw Error("overflow", "the element count of tensor '" + std::string(tensor_name) + "' overflows 64 bits");
        count = next;
    }
    return count;
}

bool decode_raw_values(DType dtype, const char* raw, size_t raw_size, int64_t count, TensorValues& out) {
    const int bits = dtype_bits(dtype);
    if (bits < 8 || dtype == DType::String || dtype == DType::Complex64 || dtype == DType::Complex128)
        return false;
    const size_t width = static_cast<size_t>(bits / 8);
    if (count < 0 || raw_size != static_cast<size_t>(count) * width) return false;
    // One loop per element type: the type is tested once, not once per element.
    auto decode = [&](auto element, auto& values, auto convert) {
        using T = decltype(element);
        values.reserve(static_cast<size_t>(count));
        for (int64_t i = 0; i < count; ++i) values.push_back(convert(load_le<T>(raw + static_cast<size_t>(i) * sizeof(T))));
    };
    auto same = [](auto x) { return x; };
    switch (dtype) {
        case DType::Float: decode(float{}, out.floats, same); break;
        case DType::Double: decode(double{}, out.floats, same); break;
        case DType::Float16: decode(uint16_t{}, out.floats, half_to_double); break;
        case DType::BFloat16: decode(uint16_t{}, out.floats, bfloat16_to_double); break;
        case DType::Int8: decode(int8_t{}, out.ints, same); break;
        case DType::UInt8: case DType::Bool: decode(uint8_t{}, out.ints, same); break;
        case DType::Int16: decode(int16_t{}, out.ints, same); break;
        case DType::UInt16: decode(uint16_t{}, out.ints, same); break;
        case DType::Int32: decode(int32_t{}, out.ints, same); break;
        case DType::UInt32: decode(uint32_t{}, out.ints, same); break;
        case DType::Int64: decode(int64_t{}, out.ints, same); break;
        case DType::UInt64: decode(uint64_t{}, out.ints, [](uint64_t x) { return static_cast<int64_t>(x); }); break;
        default: return false;  // 8-bit floats: never shape data
    }
    out.is_float = dtype_is_float(dtype);
    return true;
}

}  // namespace wattlayer
