#pragma once
// WattLayer's C++ API, the one header to include: bytes in, a report out, as whisper.h and
// Perfetto's trace processor expose their cores. Plain types and JSON text only; no container
// of the core and no JSON library type crosses it.
//
//     wattlayer::InspectOptions options;
//     options.batch = 8;
//     const wattlayer::Report r = wattlayer::estimate(bytes, size, options, wattlayer::builtin_profile("h100"));
//     std::cout << wattlayer::report_json_text(r);
//
// inspect.hpp    inspect(): shapes, FLOPs, bytes and parameters per layer, no energy
// estimate.hpp   estimate(): the same with a hardware profile applied; built-in profiles; layer_calls()
// generation.hpp estimate_generation(): prefill, decode steps and a whole answer of a KV-cache decoder
// energy.hpp     hardware profiles (JSON text in and out) and the energy equations' calls
// report.hpp     the report and its JSON and CSV text
// diff.hpp       two estimates compared, in totals and per layer (JSON and Markdown)
// operators.hpp  the operator registry as data
// onnx_scan.hpp  streaming reads of ONNX files too big to hold
// error.hpp      the one exception type, with a stable code
#include "wattlayer/diff.hpp"
#include "wattlayer/dtype.hpp"
#include "wattlayer/energy.hpp"
#include "wattlayer/error.hpp"
#include "wattlayer/estimate.hpp"
#include "wattlayer/generation.hpp"
#include "wattlayer/inspect.hpp"
#include "wattlayer/onnx_scan.hpp"
#include "wattlayer/operators.hpp"
#include "wattlayer/report.hpp"
