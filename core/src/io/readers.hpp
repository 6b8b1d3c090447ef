#pragma once
// The format readers. Each turns a whole file's bytes into a Model or throws wattlayer::Error.
#include <cstddef>
#include <cstdint>
#include <string>

#include "wattlayer/graph.hpp"

namespace wattlayer {

enum class ModelFormat { Onnx, Json, Unknown };

// Magic bytes first, file name second (see detect.cpp).
ModelFormat detect_format(const uint8_t* data, size_t size, const std::string& file_name);

Model read_onnx(const uint8_t* data, size_t size);
Model read_json_model(const uint8_t* data, size_t size);

}  // namespace wattlayer
