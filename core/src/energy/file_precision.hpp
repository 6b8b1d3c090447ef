#pragma once
// The precision a model file computes in, read from the element types of its arithmetic: what an
// estimate picks the GPU's profile by when the user names none (core/docs/features.md).
#include <algorithm>
#include <array>

#include "cost/layer_costs.hpp"
#include "infer/infer.hpp"
#include "model/graph.hpp"
#include "wattlayer/report.hpp"

namespace wattlayer {

// Shares of the FLOPs in layers that compute in each precision (by FilePrecision, Mixed unused);
// the file's precision is the one holding at least 90% of them, else Mixed.
struct FileCompute {
    FilePrecision precision = FilePrecision::FP32;
    std::array<double, kFilePrecisions> shares{};  // all 0 when no layer has FLOPs

    // The precision with the largest share, also when Mixed (fp32 when no layer has FLOPs).
    FilePrecision main() const {
        return static_cast<FilePrecision>(std::max_element(shares.begin(), shares.end()) - shares.begin());
    }
};

// A layer computes in int8 when it is a quantized operator (QLinearConv, MatMulInteger, ...) or when
// an input comes from DequantizeLinear (the QDQ form, which runtimes fuse into one); else in the
// element type of its first input. Layers without FLOPs or of other types (integer shape arithmetic)
// do not count.
FileCompute file_compute(const Model& model, const Inference& inf, const LayerCosts& costs);

}  // namespace wattlayer
