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

    // Four independent lanes of eight bytes each, so that the multiplies overlap instead of
    // waiting on one another (tensor names average 42 bytes and share long prefixes), then a final
    // avalanche so that the bits kept (the tag) depend on all of them. 64-bit multiplies only:
    // WebAssembly has no 128-bit one (it becomes a library call there).
    static uint64_t hash(std::string_view s) {
        constexpr uint64_t k = 0x517CC1B727220A95ull;
        auto mix = [](uint64_t h, uint64_t word) { return ((h << 5 | h >> 59) ^ word) * k; };
        const char* p = s.data();
        size_t n = s.size();
        uint64_t a = 0x9E3779B97F4A7C15ull ^ n, b = 0xC2B2AE3D27D4EB4Full, c = 0x165667B19E3779F9ull, d = 0x27D4EB2F165667C5ull;
        for (; n >= 32; n -= 32, p += 32) {
            a = mix(a, load_word(p));
            b = mix(b, load_word(p + 8));
            c = mix(c, load_word(p + 16));
            d = mix(d, load_word(p + 24));
        }
        if (n >= 16) {
            a = mix(a, load_word(p));
            b = mix(b, load_word(p + 8));
            n -= 16;
            p += 16;
        }
        if (n >= 8) {
            c = mix(c, load_word(p));
            n -= 8;
            p += 8;
        }
        // The last 1 to 7 bytes: the name's last eight (overlapping what came before: the length
        // is hashed too) when it is that long. A memcpy of n bytes into a word compiles to byte
        // stores and one wide load, which stalls on store forwarding: it was a fifth of the lookup.
        const uint64_t tail = n == 0 ? 0 : s.size() >= 8 ? load_word(s.data() + s.size() - 8) : load_short_word(p, n);
        d = mix(d, tail);
        uint64_t h = a ^ (b << 17 | b >> 47) ^ (c << 31 | c >> 33) ^ (d << 47 | d >> 17);
        h ^= h >> 33;
        h *= 0xFF51AFD7ED558CCDull;
        h ^= h >> 33;
        return h;
    }
    // The stored part of the hash: well mixed, so its low bits also pick the home slot (and a
    // rehash needs no name).
    static uint32_t tag(uint64_t h) { return static_cast<uint32_t>(h >> 32); }
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
