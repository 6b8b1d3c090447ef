#pragma once
// The core's entry point: bytes in, report out. No file I/O, no globals, no printing.
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "wattlayer/report.hpp"

namespace wattlayer {

struct InspectOptions {
    std::optional<int64_t> batch;               // rewrite the batch dimension of the inputs
    std::map<std::string, int64_t, std::less<>> dims;  // bind symbolic dimensions by name
    // Data-dependent output sizes (NonZero's count, NonMaxSuppression's boxes, ...) by layer name or
    // operator, in place of the upper bound the spec allows.
    std::map<std::string, int64_t, std::less<>> sizes;
    // Graph inputs bound to a value, every element of it: a flag such as use_cache_branch, so
    // that an If on it takes its branch.
    std::map<std::string, int64_t, std::less<>> input_values;
    // Leave the inputs' unbound symbolic dimensions symbolic (the layers using them get no costs)
    // instead of giving them assumed sizes (Report::assumed_dims).
    bool keep_symbols = false;
    std::string file_name;                      // a hint for format detection and the model name
};

// "onnx", "json" or "unknown", as read_model decides: magic bytes first, then the file name.
// The first few hundred bytes are enough.
const char* model_format(const uint8_t* data, size_t size, const std::string& file_name);

// Throws Error with its own code when the first bytes (a few KiB suffice) show a file that is not a
// model: a Git LFS pointer (lfs_pointer), gzip (compressed_file), a PyTorch checkpoint
// (pytorch_checkpoint) or another zip (zip_archive), a web page (html_page), ONNX text (onnx_text),
// TensorFlow Lite (tflite_model), safetensors weights (weights_file). Each message says what to do
// instead. inspect and estimate check this first; a caller can check before reading a whole file.
void reject_non_model(const uint8_t* data, size_t size, const std::string& file_name);

// Reads a model (ONNX or JSON, detected from the bytes, then from the file name), infers every
// shape and counts every layer's cost. Throws wattlayer::Error on unreadable or unusable input.
Report inspect(const uint8_t* data, size_t size, const InspectOptions& options);

}  // namespace wattlayer
