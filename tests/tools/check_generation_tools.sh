#!/usr/bin/env bash
# The generation tools still work: the test decoders regenerate (PyTorch export, numpy checks inside)
# with the same structure as the committed ones (same FLOPs at every phase), and the Llama-shaped
# decoder builds and estimates.
#   tests/tools/check_generation_tools.sh CLI
set -euo pipefail
cli=${1:?usage: check_generation_tools.sh CLI}
root=$(cd "$(dirname "$0")/../.." && pwd)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
/usr/bin/python3 "$root/tests/tools/make_decoders.py" "$out" > /dev/null
flops() { "$cli" estimate "$1" --prompt 24 --generate 6 --format json | /usr/bin/python3 -c \
  'import json,sys; g=json.load(sys.stdin)["generation"]; print(g["prefill"]["flops"], [p["flops"] for p in g["decode"]])'; }
for f in "$root"/tests/fixtures/generation/*.onnx; do
  name=$(basename "$f")
  [ "$(flops "$f")" == "$(flops "$out/$name")" ] || { echo "$name: the regenerated file differs from the committed one"; exit 1; }
done
/usr/bin/python3 "$root/tests/tools/make_llama_decoder.py" "$out/llama.onnx" --layers 2
"$cli" estimate "$out/llama.onnx" --batch 4 --prompt 64 --generate 8 --format json > /dev/null
echo "generation tools: $(ls "$root"/tests/fixtures/generation/*.onnx | wc -l) decoders regenerate alike; the Llama-shaped decoder estimates"
