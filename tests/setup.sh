#!/usr/bin/env bash
# Installs what WattLayer needs from Debian packages and npm (only what is missing), then builds the
# native CLI and tests into build/native and the WebAssembly module into web/wasm (build/wasm).
# Safe to run again: it installs and rebuilds only what changed.
set -euo pipefail
cd "$(dirname "$0")/.."

# chromium runs the browser tests (never a downloaded browser); emscripten builds the module;
# clang and its runtime (libFuzzer, sanitizers) build the fuzz targets; python3-onnx makes the browser
# test's model with inline weights (tests/bench/make_large_onnx.py); python3-torch and torchvision test
# the PyTorch exporter (models/calibrate) and the calibration kit's dry run.
packages=(cmake ninja-build g++ nlohmann-json3-dev libeigen3-dev libprotozero-dev catch2 emscripten chromium
          clang libclang-rt-14-dev python3-onnx python3-numpy python3-torch python3-torchvision)
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
command -v python3 >/dev/null 2>&1 || missing+=(python3)  # serves web/ in the README's first command
if ((${#missing[@]})); then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "installing: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
# playwright-core drives Debian's chromium in the browser tests (versions in the lock file).
if ! [ tests/browser/node_modules/.package-lock.json -nt tests/browser/package-lock.json ]; then
  npm ci --prefix tests/browser --no-audit --no-fund
fi
# onnxruntime-web runs models in its WebAssembly backend for the runtime oracle (tests/oracle).
if ! [ tests/oracle/node_modules/.package-lock.json -nt tests/oracle/package-lock.json ]; then
  npm ci --prefix tests/oracle --no-audit --no-fund
fi

cmake -S . -B build/native -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
# Two parallel jobs: the machines this runs on have two cores and compiling tests is memory-light.
cmake --build build/native -j 2

# Debian's Emscripten 3.1.6 runs its JavaScript optimizer with Debian's acorn.
export NODE_PATH=/usr/share/nodejs
emcmake cmake -S . -B build/wasm -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build/wasm -j 2

# The libFuzzer targets (tests/fuzz/run.sh builds them into build/fuzz, then fuzzes; 0 s: build only).
tests/fuzz/run.sh 0 >/dev/null
