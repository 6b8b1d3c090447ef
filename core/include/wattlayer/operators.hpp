#pragma once
// The operator registry as plain data: what WattLayer knows of each operator, for documentation,
// the CLI's `operators` command and anyone checking whether a model's operators are covered.
#include <string>
#include <vector>

namespace wattlayer {

// A PyTorch function an operator stands for, and the host group its measured calls belong to.
struct TorchCallInfo {
    std::string func;
    std::string host_group;  // "none": left out of the fitted host costs
};

struct OperatorInfo {
    std::string domain;             // "" is ai.onnx
    std::string op;
    int since_version = 1;          // the first opset version of its domain the row applies to
    std::string category;           // as in reports: "conv", "matmul", ...
    std::string flop_rule;          // e.g. "flops_conv"; "" when the operator does no arithmetic
    double flops_per_element = 0;   // the constant of the per-element rules; 0 when unused
    std::string memory;             // "full", "view" or "output-sized"
    std::vector<int> shape_inputs;  // input positions that carry shapes, indices or axes, not data
    std::string energy_class;       // the fitted class its calls are charged to
    std::string host_group;         // the host-dispatch group its calls pay
    std::vector<TorchCallInfo> torch_calls;  // the PyTorch functions it stands for in torch call records
};

// Every registry row, sorted by (domain, operator, since_version).
std::vector<OperatorInfo> operators();

}  // namespace wattlayer
