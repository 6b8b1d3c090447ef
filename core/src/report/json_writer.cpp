#include "report/json_writer.hpp"

#include <charconv>

#include <nlohmann/json.hpp>

namespace wattlayer {

std::string number_text(double v) { return nlohmann::json(v).dump(); }

void JsonWriter::element() {
    if (after_key_) {
        after_key_ = false;
        return;
    }
    if (levels_.empty()) return;
    Level& level = levels_.back();
    out_ += level.empty ? "\n" : ",\n";
    level.empty = false;
    out_.append(2 * levels_.size(), ' ');
}

void JsonWriter::open(char bracket) {
    element();
    out_ += bracket;
    levels_.emplace_back();
}

void JsonWriter::close(char bracket) {
    const bool empty = levels_.back().empty;
    levels_.pop_back();
    if (!empty) {
        out_ += '\n';
        out_.append(2 * levels_.size(), ' ');
    }
    out_ += bracket;
}

void JsonWriter::key(std::string_view name) {
    element();
    string(name);
    out_ += ": ";
    after_key_ = true;
}

void JsonWriter::value(std::string_view s) {
    element();
    string(s);
}

void JsonWriter::value(int64_t v) {
    element();
    char buf[24];
    out_.append(buf, static_cast<size_t>(std::to_chars(buf, buf + sizeof buf, v).ptr - buf));
}

void JsonWriter::value(double v) {
    element();
    out_ += number_text(v);
}

void JsonWriter::value(bool v) {
    element();
    out_ += v ? "true" : "false";
}

void JsonWriter::null() {
    element();
    out_ += "null";
}

void JsonWriter::string(std::string_view s) {
    bool plain = true;  // printable ASCII without quotes or backslashes: written as it is
    for (const char c : s) plain = plain && c >= 0x20 && c < 0x7f && c != '"' && c != '\\';
    if (plain) {
        out_ += '"';
        out_ += s;
        out_ += '"';
        return;
    }
    // Escapes, UTF-8, and bytes that are not UTF-8 (U+FFFD): as nlohmann writes them.
    out_ += nlohmann::json(std::string(s)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace wattlayer
