#pragma once
// Name equality and word loads for the hot paths that compare tensor, operator and attribute
// names: inline and eight bytes at a time. Most compares are hits, and for names this short a
// call to memcmp costs more than the compare itself.
#include <algorithm>
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace wattlayer {

// The eight bytes at `at`, unaligned.
inline uint64_t load_word(const char* at) {
    uint64_t word;
    std::memcpy(&word, at, 8);
    return word;
}

// The 1 to 7 bytes at `at` as one word, in a few loads that stay inside them. Equal bytes give
// equal words; together with the length, the bytes are all there: 4 to 7 bytes are two
// overlapping halves, 1 to 3 are the first, middle and last.
inline uint64_t load_short_word(const char* at, size_t n) {
    if (n >= 4) {
        uint32_t first, last;
        std::memcpy(&first, at, 4);
        std::memcpy(&last, at + n - 4, 4);
        return uint64_t{first} << 32 | last;
    }
    auto byte = [&](size_t i) { return uint64_t{static_cast<unsigned char>(at[i])}; };
    return byte(0) << 16 | byte(n / 2) << 8 | byte(n - 1);
}

inline bool same_name(std::string_view a, std::string_view b) {
    const size_t n = a.size();
    if (n != b.size()) return false;
    if (n == 0) return true;  // an empty view may have no data
    if (n < 8) return load_short_word(a.data(), n) == load_short_word(b.data(), n);
    for (size_t i = 0; i + 8 < n; i += 8)
        if (load_word(a.data() + i) != load_word(b.data() + i)) return false;
    return load_word(a.data() + n - 8) == load_word(b.data() + n - 8);  // the last eight, overlapping
}

// ASCII lower case: ids and symbols are compared without regard to case.
inline std::string lower_case(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

// Whether a file name ends with `lower_suffix` (given in lower case), whatever the name's case.
inline bool name_ends_with(std::string_view name, std::string_view lower_suffix) {
    if (name.size() < lower_suffix.size()) return false;
    return std::equal(lower_suffix.rbegin(), lower_suffix.rend(), name.rbegin(),
                      [](char s, char n) { return s == std::tolower(static_cast<unsigned char>(n)); });
}

// A JSON library message without its "[json.exception.parse_error.101] " prefix: the rest reads as
// a sentence ("parse error at line 1, column 3: ...").
inline std::string json_error_text(std::string_view what) {
    if (what.starts_with("[json.exception.")) {
        const size_t end = what.find("] ");
        if (end != std::string_view::npos) what.remove_prefix(end + 2);
    }
    return std::string(what);
}

}  // namespace wattlayer
