#include "torch_host_groups.hpp"

#include <initializer_list>

namespace wattlayer::fit {
namespace {

bool in(std::string_view f, std::initializer_list<std::string_view> names) {
    for (std::string_view n : names)
        if (f == n) return true;
    return false;
}

// Functions that launch one elementwise kernel, as the prototype listed them.
bool is_elementwise(std::string_view f) {
    return in(f, {"add", "mul", "sub", "div", "relu", "gelu", "silu", "sigmoid", "tanh", "hardswish", "hardtanh", "hardsigmoid",
                  "pow", "rsqrt", "neg", "add_", "mul_", "masked_fill", "where", "__eq__", "ne", "ge", "gt", "lt", "le", "eq",
                  "abs", "log", "exp", "cos", "sin", "sqrt", "clamp", "erf", "relu_", "relu6", "leaky_relu", "softplus", "mish",
                  "float", "min", "max", "maximum", "minimum", "__and__", "__or__", "logical_not", "floor", "ceil", "__mul__",
                  "__add__", "__truediv__", "__sub__", "__rsub__", "reciprocal", "sign", "sub_", "div_", "masked_fill_", "clamp_",
                  "__radd__", "__rmul__", "elu", "full_like", "zeros_like", "ones_like", "cumsum"});
}

}  // namespace

HostGroup torch_host_group(std::string_view f, EnergyClass cls) {
    if (f == "conv2d") return cls == EnergyClass::ConvDepthwise ? HostGroup::ConvDepthwise : HostGroup::Conv;
    if (in(f, {"linear", "addmm", "matmul", "bmm", "einsum", "baddbmm"})) return HostGroup::MatMul;
    if (in(f, {"layer_norm", "group_norm", "instance_norm", "rms_norm"})) return HostGroup::LayerNorm;
    if (f == "batch_norm") return HostGroup::BatchNorm;
    if (in(f, {"softmax", "log_softmax"})) return HostGroup::Softmax;
    if (in(f, {"contiguous", "cat", "stack", "pad", "roll", "gather", "index_select", "repeat", "clone", "embedding", "interpolate"}))
        return HostGroup::Copy;
    if (in(f, {"view", "reshape", "permute", "transpose", "unsqueeze", "squeeze", "flatten"})) return HostGroup::View;
    if (is_elementwise(f)) return HostGroup::Elementwise;
    if (in(f, {"max_pool2d", "avg_pool2d", "adaptive_avg_pool2d", "adaptive_max_pool2d", "max_pool1d", "avg_pool1d"})) return HostGroup::Pooling;
    if (in(f, {"mean", "sum", "all", "any", "amax", "amin", "argmax", "argmin", "std", "var", "norm", "prod"})) return HostGroup::Reduction;
    return HostGroup::None;
}

}  // namespace wattlayer::fit
