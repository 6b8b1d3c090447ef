#include "model/graph.hpp"

#include "core_strings.hpp"

namespace wattlayer {

const Attribute* Node::attribute(std::string_view attr_name) const {
    for (const auto& a : attributes)
        if (same_name(a.name, attr_name)) return &a;
    return nullptr;
}

int64_t Model::default_opset() const {
    for (const auto& o : opsets)
        if (o.domain.empty() || o.domain == "ai.onnx") return o.version;
    return 0;
}

}  // namespace wattlayer
