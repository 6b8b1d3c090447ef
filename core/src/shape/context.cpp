#include "shape/context.hpp"

namespace wattlayer {

Ints NodeInputs::attr_ints(std::string_view name) const {
    const Attribute* a = attr(name);
    return a ? Ints(a->ints.begin(), a->ints.end()) : Ints{};
}

std::optional<Ints> NodeInputs::ints_from_attr_or_input(std::string_view name, size_t input_index) const {
    if (const Value* v = in(input_index)) return v->ints();
    return attr_ints(name);
}

std::optional<int64_t> NodeInputs::scalar_input(size_t i) const {
    const Value* v = in(i);
    const std::optional<Ints> values = v ? v->ints() : std::nullopt;
    if (!values || values->size() != 1) return std::nullopt;
    return (*values)[0];
}

}  // namespace wattlayer
