// The registry's rows as plain data (wattlayer/operators.hpp).
#include "wattlayer/operators.hpp"

#include "ops/op_table.hpp"

namespace wattlayer {

std::vector<OperatorInfo> operators() {
    std::vector<OperatorInfo> out;
    out.reserve(op_table().size());
    for (const OpRule& r : op_table()) {
        OperatorInfo& info = out.emplace_back();
        info.domain = r.domain;
        info.op = r.op;
        info.since_version = r.since_version;
        info.category = category_name(r.category);
        info.flop_rule = r.flops.name;
        info.flops_per_element = r.flops_per_element;
        info.memory = memory_name(r.memory);
        for (int i = 0; i < 32; ++i)
            if (r.is_shape_input(static_cast<size_t>(i))) info.shape_inputs.push_back(i);
        info.energy_class = energy_class_name(energy_class(r));
        info.host_group = host_group_name(host_group(r));
        for (const TorchCall& call : r.torch)
            info.torch_calls.push_back({std::string(call.func), std::string(host_group_name(call.host ? *call.host : host_group(r)))});
    }
    return out;
}

}  // namespace wattlayer
