#pragma once
// Writes JSON text as it goes, laid out as nlohmann's dump(2) lays it out (the report's format
// since its first version), without building a document first: for a 20,000-layer report, the
// document cost more than reading, inferring and costing the model together.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace wattlayer {

// A double in nlohmann's shortest round-trip form ("0.1", "1e-05"), as the report always wrote it:
// reading it back gives the same double.
std::string number_text(double v);

class JsonWriter {
public:
    explicit JsonWriter(std::string& out) : out_(out) {}

    void begin_object() { open('{'); }
    void end_object() { close('}'); }
    void begin_array() { open('['); }
    void end_array() { close(']'); }
    // An object member's key; its value follows.
    void key(std::string_view name);

    void value(std::string_view s);
    void value(const char* s) { value(std::string_view(s)); }
    void value(int64_t v);
    void value(int v) { value(static_cast<int64_t>(v)); }
    void value(double v);
    void value(bool v);
    void null();

private:
    void element();  // the separator and indentation before an element
    void open(char bracket);
    void close(char bracket);
    void string(std::string_view s);

    struct Level {
        bool empty = true;
    };
    std::string& out_;
    std::vector<Level> levels_;
    bool after_key_ = false;
};

}  // namespace wattlayer
