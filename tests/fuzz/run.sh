#!/usr/bin/env bash
# Fuzzes the readers and the estimate path with libFuzzer (Debian's clang), seeded from the fixtures,
# and (graph) small graphs built from the operator registry with extreme shapes and attributes.
#   tests/fuzz/run.sh SECONDS [onnx|json|estimate|scan|graph]...   (default: every target, SECONDS each)
# A crash, leak or hang stops that target with a non-zero exit; its input is kept under
# build/fuzz/artifacts/ (copy it into tests/fuzz/regressions/ to keep it as a regression fixture).
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:?usage: tests/fuzz/run.sh SECONDS [target]...}
shift
targets=("$@")
((${#targets[@]})) || targets=(onnx json estimate scan graph)

CXX=clang++ cmake -S . -B build/fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBUILD_TESTING=OFF -DWATTLAYER_FUZZ=ON \
  -DCMAKE_CXX_FLAGS="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined -DWATTLAYER_BOUNDS_CHECKS" >/dev/null
cmake --build build/fuzz -j 2 --target "${targets[@]/#/fuzz_}"

((seconds > 0)) || exit 0  # build only
mkdir -p build/fuzz/artifacts
for t in "${targets[@]}"; do
  corpus=build/fuzz/corpus_$t
  mkdir -p "$corpus"
  # Seeds: real files of the target's format, plus every regression input found before.
  case $t in
    onnx) seeds=(tests/fixtures/onnx) ;;
    scan)  # the target's first byte picks the slice size: the fixtures behind one such byte
      seeds=(build/fuzz/seeds_scan)
      mkdir -p build/fuzz/seeds_scan
      for f in tests/fixtures/onnx/*.onnx; do { printf '\x03'; cat "$f"; } > "build/fuzz/seeds_scan/$(basename "$f")"; done ;;
    json) seeds=(tests/fuzz/seeds) ;;
    estimate) seeds=(models/samples tests/fuzz/seeds) ;;
    graph) seeds=(tests/fuzz/recipes) ;;  # recipe bytes, not files: graph builds the model from them
  esac
  [ -d tests/fuzz/regressions ] && [ "$t" != graph ] && seeds+=(tests/fuzz/regressions)
  mkdir -p "${seeds[@]}"
  echo "fuzzing $t for ${seconds}s"
  build/fuzz/fuzz_$t "$corpus" "${seeds[@]}" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -max_len=1048576 -print_final_stats=1 -artifact_prefix=build/fuzz/artifacts/${t}- 2>&1 | tail -12
done
