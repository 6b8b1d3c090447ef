// Format detection, and the dispatch to a reader: the bytes decide first (a JSON document starts
// with '{' or '['; an ONNX ModelProto starts with one of its own field keys), the file name only
// breaks a tie.
#include <algorithm>
#include <cctype>

#include "core_strings.hpp"
#include "io/readers.hpp"
#include "wattlayer/inspect.hpp"
#include "wattlayer/error.hpp"

namespace wattlayer {
namespace {

// Field keys (tag << 3 | wire type) a ModelProto can start with: ir_version (0x08), producer_name
// (0x12), producer_version (0x1a), domain (0x22), model_version (0x28), doc_string (0x32),
// graph (0x3a), opset_import (0x42), metadata_props (0x72).
bool looks_like_onnx(uint8_t first) {
    switch (first) {
        case 0x08: case 0x12: case 0x1a: case 0x22: case 0x28: case 0x32: case 0x3a: case 0x42: case 0x72:
            return true;
        default:
            return false;
    }
}

}  // namespace

size_t first_text_byte(const uint8_t* data, size_t size) {
    size_t i = 0;
    if (size >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF) i = 3;  // UTF-8 BOM
    while (i < size && std::isspace(data[i])) ++i;
    return i;
}

ModelFormat detect_format(const uint8_t* data, size_t size, const std::string& file_name) {
    const size_t i = first_text_byte(data, size);
    if (i < size && (data[i] == '{' || data[i] == '[')) return ModelFormat::Json;
    if (size > 0 && looks_like_onnx(data[0])) return ModelFormat::Onnx;
    if (name_ends_with(file_name, ".onnx")) return ModelFormat::Onnx;
    if (name_ends_with(file_name, ".json")) return ModelFormat::Json;
    return ModelFormat::Unknown;
}

const char* model_format(const uint8_t* data, size_t size, const std::string& file_name) {
    switch (detect_format(data, size, file_name)) {
        case ModelFormat::Onnx: return "onnx";
        case ModelFormat::Json: return "json";
        case ModelFormat::Unknown: break;
    }
    return "unknown";
}

Model read_any(const uint8_t* data, size_t size, const std::string& file_name, Names names) {
    if (size == 0) throw Error("empty_file", "the file is empty");
    reject_non_model(data, size, file_name);
    switch (detect_format(data, size, file_name)) {
        case ModelFormat::Onnx: return read_onnx(data, size, names);
        case ModelFormat::Json: return read_json_model(data, size);  // its names come from a parsed document: always copied
        case ModelFormat::Unknown: break;
    }
    reject_by_name(file_name);
    throw Error("unknown_format", "not an ONNX or JSON model: the bytes match neither format");
}

}  // namespace wattlayer
