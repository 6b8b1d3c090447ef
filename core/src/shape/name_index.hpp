#pragma once
// Tensor name -> dense id (0, 1, 2, ... in insertion order), as one flat open-addressing table:
// inference looks up every input and output name of every node, and a node-based
// std::unordered_map spends most of that time in malloc.
//
// A slot is 8 bytes (32 bits of the hash, 32 bits of id) so that the probe sequence stays in few
// cache lines; the names themselves are compared only when the stored hash matches. The hash is
// the standard library's.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string_view>
#include <utility>
#include <vector>

#include "core_strings.hpp"

namespace wattlayer {

class NameIndex {
public:
    static constexpr size_t kNone = static_cast<size_t>(-1);

    void reserve(size_t names) {
        size_t capacity = 16;
        while (capacity < names * 2) capacity *= 2;  // at most half full
        if (capacity > slots_.size()) rehash(capacity);
        names_.reserve(names);
    }

    // The id of `name`, inserting it (with the next id, size()) when it is new; `.second` tells
    // whether it was.
    std::pair<size_t, bool> insert(std::string_view name) {
        if ((names_.size() + 1) * 2 > slots_.size()) rehash(slots_.empty() ? 16 : slots_.size() * 2);
        const uint32_t h = tag(hash(name));
        Slot& slot = find_slot(name, h);
        if (slot.id != kEmpty) return {slot.id, false};
        slot = {h, static_cast<uint32_t>(names_.size())};
        names_.push_back(name);
        return {slot.id, true};
    }

    size_t find(std::string_view name) const {
        if (slots_.empty()) return kNone;
        const Slot& slot = const_cast<NameIndex*>(this)->find_slot(name, tag(hash(name)));
        return slot.id == kEmpty ? kNone : slot.id;
    }

    bool contains(std::string_view name) const { return find(name) != kNone; }
    size_t size() const { return names_.size(); }

private:
    static constexpr uint32_t kEmpty = UINT32_MAX;  // graphs are capped far below 4 G names

    struct Slot {
        uint32_t hash = 0;
        uint32_t id = kEmpty;
    };

    static uint64_t hash(std::string_view s) { return std::hash<std::string_view>{}(s); }
    // The stored part of the hash, which also picks the home slot (a rehash needs no name).
    static uint32_t tag(uint64_t h) { return static_cast<uint32_t>(h ^ (h >> 32)); }
    size_t home(uint32_t tagged) const { return tagged & (slots_.size() - 1); }

    Slot& find_slot(std::string_view name, uint32_t h) {
        const size_t mask = slots_.size() - 1;
        for (size_t i = home(h);; i = (i + 1) & mask) {
            Slot& s = slots_[i];
            if (s.id == kEmpty || (s.hash == h && same_name(names_[s.id], name))) return s;
        }
    }

    void rehash(size_t capacity) {
        std::vector<Slot> old = std::move(slots_);
        slots_.assign(capacity, Slot{});
        const size_t mask = capacity - 1;
        for (const Slot& s : old) {
            if (s.id == kEmpty) continue;
            size_t i = home(s.hash);
            while (slots_[i].id != kEmpty) i = (i + 1) & mask;
            slots_[i] = s;
        }
    }

    std::vector<Slot> slots_;
    std::vector<std::string_view> names_;  // by id
};

}  // namespace wattlayer
