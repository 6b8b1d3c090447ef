#!/usr/bin/env bash
# The reader benchmark in one command: WattLayer native and WebAssembly (Node.js) against the
# Python onnx package and protobufjs, on the development ONNX files and on two large files with
# inline weights (about 0.5 and 1.9 GB, made here from real graphs, never committed).
#   tests/bench/run.sh [DEV_DIR] [LARGE_DIR]     defaults: models/data/onnx build/bench-large
# Run it on an idle machine: the figures are wall-clock medians.
set -euo pipefail
cd "$(dirname "$0")/../.."
dev=${1:-models/data/onnx}
large=${2:-build/bench-large}

[ -x build/native/wattlayer ] && [ -f web/wasm/wattlayer.wasm ] || bash tests/setup.sh
if ! [ tests/bench/node_modules/.package-lock.json -nt tests/bench/package-lock.json ]; then
  npm ci --prefix tests/bench --no-audit --no-fund
fi
mkdir -p "$large"
[ -f "$large/bloom_small_inline.onnx" ] ||
  /usr/bin/python3 tests/bench/make_large_onnx.py models/data/onnx/hf_bloom_small_b1.onnx "$large/bloom_small_inline.onnx"
[ -f "$large/qwen2_small_x2_inline.onnx" ] ||
  /usr/bin/python3 tests/bench/make_large_onnx.py models/data/onnx/hf_qwen2_small_b1.onnx "$large/qwen2_small_x2_inline.onnx" --copies 2
node tests/bench/bench.mjs "$dev" "$large"
