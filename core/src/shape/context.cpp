#include "shape/context.hpp"

#include <algorithm>

namespace wattlayer {

void throw_geometry_out_of_range(std::string_view name, int64_t value) {
    throw Error("invalid_model", "attribute '" + std::string(name) + "' is " + std::to_string(value) + ", out of range (at most " +
                                     std::to_string(kMaxGeometry) + " in magnitude)");
}

Ints NodeInputs::attr_ints(std::string_view name) const {
    const Attribute* a = attr(name);
    Ints out;
    if (a)
        for (int64_t v : a->ints) out.push_back(checked_geometry(name, v));
    return out;
}

std::optional<Ints> NodeInputs::ints_from_attr_or_input(std::string_view name, size_t input_index) const {
    if (const Value* v = in(input_index)) return v->ints();
    return attr_ints(name);
}

Dim NodeContext::data_dependent_size(int64_t bound) {
    sized_by_user = user_size.has_value();
    if (user_size) return Dim::of(bound >= 0 ? std::min(*user_size, bound) : *user_size);
    if (bound < 0) {
        data_dependent = true;
        note("its output size depends on tensor values");
        return Dim{};
    }
    bounded = true;
    return Dim::of(bound);
}

std::optional<int64_t> NodeInputs::scalar_input(size_t i) const {
    const Value* v = in(i);
    const std::optional<Ints> values = v ? v->ints() : std::nullopt;
    if (!values || values->size() != 1) return std::nullopt;
    return (*values)[0];
}

}  // namespace wattlayer
