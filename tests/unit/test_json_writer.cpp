// JsonWriter lays JSON out exactly as nlohmann's dump(2) does: the report's bytes have not changed
// since it replaced the document the report was built as.
#include "report/json_writer.hpp"
#include "test_helpers.hpp"

using wattlayer::JsonWriter;

TEST_CASE("JsonWriter writes what nlohmann's dump(2) writes", "[json]") {
    std::string text;
    JsonWriter w(text);
    w.begin_object();
    w.key("empty_object"), w.begin_object(), w.end_object();
    w.key("empty_array"), w.begin_array(), w.end_array();
    w.key("numbers"), w.begin_array();
    for (double d : {0.0, 1.0, -2.5, 0.1, 1e-5, 123456789.125, 6.02214076e23}) w.value(d);
    w.value(int64_t{-9007199254740993}), w.value(0), w.value(true), w.value(false), w.null();
    w.end_array();
    w.key("strings"), w.begin_array();
    for (const char* s : {"plain", "quote\" and \\ backslash", "tab\t newline\n bell\x07", "caf\xC3\xA9", "bad\xFF\xFEname", ""}) w.value(s);
    w.end_array();
    w.key("nested"), w.begin_array(), w.begin_array(), w.value(1), w.end_array(), w.begin_object(), w.key("k"), w.null(), w.end_object(), w.end_array();
    w.end_object();

    nlohmann::ordered_json j;
    j["empty_object"] = nlohmann::ordered_json::object();
    j["empty_array"] = nlohmann::ordered_json::array();
    j["numbers"] = {0.0, 1.0, -2.5, 0.1, 1e-5, 123456789.125, 6.02214076e23, int64_t{-9007199254740993}, 0, true, false, nullptr};
    j["strings"] = {"plain", "quote\" and \\ backslash", "tab\t newline\n bell\x07", "caf\xC3\xA9", "bad\xFF\xFEname", ""};
    j["nested"] = {{1}, {{"k", nullptr}}};
    CHECK(text == j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace));
}
