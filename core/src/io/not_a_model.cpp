// Files people drop or pass that are not models: named, with what to do instead, before any
// reader tries them (a reader would only say that the bytes are not its format).
#include "core_strings.hpp"
#include "io/readers.hpp"
#include "wattlayer/inspect.hpp"

#include <algorithm>
#include <cctype>
#include <cstring>

#include "wattlayer/error.hpp"

namespace wattlayer {
namespace {

bool starts_with(const uint8_t* data, size_t size, std::string_view prefix) {
    return size >= prefix.size() && std::memcmp(data, prefix.data(), prefix.size()) == 0;
}

// The first non-blank bytes, lower-cased: enough to recognise a text format.
std::string text_start(const uint8_t* data, size_t size, size_t length = 64) {
    size_t i = first_text_byte(data, size);
    std::string out;
    for (; i < size && out.size() < length; ++i) out += static_cast<char>(std::tolower(data[i]));
    return out;
}

bool contains(const uint8_t* data, size_t size, std::string_view needle, size_t within) {
    const auto* end = data + std::min(size, within);
    return std::search(data, end, needle.begin(), needle.end()) != end;
}

// safetensors: an 8-byte little-endian header length, then the JSON header naming dtypes.
bool is_safetensors(const uint8_t* data, size_t size) {
    if (size < 10 || data[8] != '{') return false;
    uint64_t length = 0;
    for (int i = 7; i >= 0; --i) length = length << 8 | data[i];
    return length >= 2 && length <= size - 8 && contains(data + 8, size - 8, "\"dtype\"", static_cast<size_t>(length));
}

}  // namespace

void reject_non_model(const uint8_t* data, size_t size, const std::string& file_name) {
    if (size == 0) return;
    const std::string text = text_start(data, size);
    if (text.rfind("version https://git-lfs.github.com/spec", 0) == 0)
        throw Error("lfs_pointer", "this is a Git LFS pointer, not the model itself: run `git lfs pull` in the repository, or download the file");
    if (starts_with(data, size, "\x1f\x8b"))
        throw Error("compressed_file", "this file is gzip-compressed: decompress it first (gunzip), then open the .onnx inside");
    if (starts_with(data, size, "PK\x03\x04")) {
        if (contains(data, size, "data.pkl", 4096) || name_ends_with(file_name, ".pt") || name_ends_with(file_name, ".pth"))
            throw Error("pytorch_checkpoint",
                        "this is a PyTorch checkpoint (weights in a zip), not a model graph: export it to ONNX first, e.g. "
                        "torch.onnx.export(model, example_input, \"model.onnx\")");
        throw Error("zip_archive", "this is a zip archive: unpack it and open the .onnx file inside");
    }
    if (text.rfind("<!doctype html", 0) == 0 || text.rfind("<html", 0) == 0)
        throw Error("html_page", "this is a web page, not a model (a download link saved as a page?): download the raw file");
    if ((text.rfind("<", 0) == 0 || text.rfind("ir_version", 0) == 0) && contains(data, size, "ir_version", 4096))
        throw Error("onnx_text", "this is ONNX in text form: convert it to a binary .onnx first (onnx.parser.parse_model, then onnx.save)");
    if (size >= 8 && std::memcmp(data + 4, "TFL3", 4) == 0 && data[0] != 0x08)
        throw Error("tflite_model", "this is a TensorFlow Lite model: convert it to ONNX first (python -m tf2onnx.convert --tflite model.tflite --output model.onnx)");
    if (is_safetensors(data, size))
        throw Error("weights_file", "this is a safetensors weights file, with no graph: export the model to ONNX first "
                                    "(for a Hugging Face model: optimum-cli export onnx --model NAME out/)");
}

void reject_by_name(const std::string& file_name) {
    for (std::string_view weights : {".onnx.data", ".onnx_data", ".bin", ".data", ".safetensors", ".npz", ".h5"})
        if (name_ends_with(file_name, weights))
            throw Error("weights_file", "this is a weights file, not a model graph (for an ONNX model's external data: open the .onnx file beside it)");
    for (std::string_view checkpoint : {".pt", ".pth", ".ckpt"})
        if (name_ends_with(file_name, checkpoint))
            throw Error("pytorch_checkpoint", "this is a PyTorch checkpoint, not a model graph: export it to ONNX first, e.g. "
                                              "torch.onnx.export(model, example_input, \"model.onnx\")");
}

}  // namespace wattlayer
