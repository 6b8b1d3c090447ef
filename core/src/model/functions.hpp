#pragma once
// Model-local functions (ONNX FunctionProto) inlined into the main graph, so that every stage
// after the reader sees only operators: PyTorch's dynamo exporter and others write a model's
// modules as functions, each of which would otherwise be one unknown operator.
#include "model/graph.hpp"

namespace wattlayer {

// Replaces every call of one of `model.functions` in the main graph by the function's body. Inner
// tensors and nodes are named "<call>/<name>"; formal inputs and outputs become the call's;
// attributes that refer to the call's (ref_attr_name) take its value, or the function's default.
// Calls inside bodies are inlined too. Throws Error("invalid_model") for functions that call
// each other without end, Error("too_large") past `max_nodes` nodes.
void inline_functions(Model& model, size_t max_nodes);

}  // namespace wattlayer
