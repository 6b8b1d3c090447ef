#pragma once
// PyTorch call records (the op-level measurements, and what a traced nn.Module gives) as layers of
// the JSON model format, in ONNX's vocabulary, so that one registry, one inference pass and one
// set of FLOP rules serve both worlds. A record is {"func", "args", "kwargs", "out"}, tensors as
// {"shape", "dtype"}, other arguments as values (documented in core/docs/json-format.md).
#include <string>

#include <nlohmann/json.hpp>

namespace wattlayer {

// The ONNX-vocabulary layers (usually one, a few for fused calls such as multi-head attention) of
// one torch call. Throws Error("invalid_model") on a malformed record; a function outside the
// table becomes one layer of op "torch.<name>" in domain "torch", which the report lists as unknown.
nlohmann::json torch_call_to_layers(const nlohmann::json& call, const std::string& layer_name);

// The short name of a torch function: "torch.nn.functional.conv2d" -> "conv2d".
std::string torch_short_name(const std::string& func);

}  // namespace wattlayer
