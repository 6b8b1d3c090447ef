#pragma once
// Tensor name -> dense id (0, 1, 2, ... in insertion order), as one flat open-addressing table:
// inference looks up every input and output name of every node, and a node-based
// std::unordered_map spends most of that time in malloc.
//
// A slot is 8 bytes (32 bits of the hash, 32 bits of id) so that the probe sequence stays in few
// cache lines; the names themselves are compared only when the stored hash matches.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <utility>
#include <vector>

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

    // Sixteen bytes per step folded by one 64x64->128-bit multiply (as in wyhash): tensor names
    // are long (40 bytes is common) and share prefixes, and this hash runs for every name of every
    // node, so a short dependency chain matters.
    __extension__ typedef unsigned __int128 U128;  // GCC and Clang, WebAssembly included
    static uint64_t mix(uint64_t a, uint64_t b) {
        const U128 r = static_cast<U128>(a) * b;
        return static_cast<uint64_t>(r) ^ static_cast<uint64_t>(r >> 64);
    }
    static uint64_t read_up_to_8(const char* p, size_t n) {
        uint64_t v = 0;
        std::memcpy(&v, p, n);
        return v;
    }
    static uint64_t hash(std::string_view s) {
        constexpr uint64_t k0 = 0xa0761d6478bd642full, k1 = 0xe7037ed1a0b428dbull, k2 = 0x8ebc6af09c88c6e3ull;
        const char* p = s.data();
        size_t n = s.size();
        uint64_t h = k0 ^ n;
        for (; n > 16; n -= 16, p += 16) h = mix(read_up_to_8(p, 8) ^ k1, read_up_to_8(p + 8, 8) ^ h);
        // The last 1 to 16 bytes (none for an empty name, which may have no data pointer).
        const uint64_t a = n > 8 ? read_up_to_8(p, 8) : (n ? read_up_to_8(p, n) : 0);
        const uint64_t b = n > 8 ? read_up_to_8(p + 8, n - 8) : 0;
        return mix(mix(a ^ k1, b ^ h) ^ k2, s.size() ^ k1);
    }
    // The stored part of the hash: well mixed, so its low bits also pick the home slot (and a
    // rehash needs no name).
    static uint32_t tag(uint64_t h) { return static_cast<uint32_t>(h >> 32); }
    size_t home(uint32_t tagged) const { return tagged & (slots_.size() - 1); }

    Slot& find_slot(std::string_view name, uint32_t h) {
        const size_t mask = slots_.size() - 1;
        for (size_t i = home(h);; i = (i + 1) & mask) {
            Slot& s = slots_[i];
            if (s.id == kEmpty || (s.hash == h && names_[s.id] == name)) return s;
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
