#pragma once
// The format readers. Each turns a whole file's bytes into a Model or throws wattlayer::Error.
#include <cstddef>
#include <cstdint>
#include <string>

#include "model/graph.hpp"

namespace wattlayer {

enum class ModelFormat { Onnx, Json, Unknown };

// Where text would start: past a UTF-8 byte order mark and blanks.
size_t first_text_byte(const uint8_t* data, size_t size);

// Magic bytes first, file name second (see detect.cpp).
ModelFormat detect_format(const uint8_t* data, size_t size, const std::string& file_name);

// How a reader keeps names: copied into the model's arena (the model outlives the bytes), or as
// views into the bytes themselves (the caller keeps them alive as long as the model: inspect and
// estimate, which read and report in one call).
enum class Names { Copy, Borrow };

Model read_onnx(const uint8_t* data, size_t size, Names names = Names::Copy);
Model read_json_model(const uint8_t* data, size_t size);

// Throws Error("weights_file" or "pytorch_checkpoint") for a file named like weights or a checkpoint;
// asked only of bytes that are neither ONNX nor JSON.
void reject_by_name(const std::string& file_name);

// Detects the format and reads the model (throws Error for empty or unknown bytes, and for files
// that are not models: reject_non_model).
Model read_any(const uint8_t* data, size_t size, const std::string& file_name, Names names);

}  // namespace wattlayer
