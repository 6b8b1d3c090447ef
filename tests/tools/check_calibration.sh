#!/usr/bin/env bash
# The calibration kit end to end in its CPU dry run: measure (nothing real: a nominal counter) one
# two development architectures at batch 1 and 8 with op-level records (a fit needs two, for its
# cross-validated interval), fit a profile with the CLI, and
# load that profile to estimate a model. Needs Debian's python3-torch and python3-torchvision.
#   tests/tools/check_calibration.sh CLI
set -euo pipefail
cd "$(dirname "$0")/../.."
cli=${1:-build/native/wattlayer}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
/usr/bin/python3 models/calibrate/calibrate.py --out "$out" --gpu-id cpu_dry_run --models tv_mobilenet_v3_small,tv_shufflenet_v2_x1_0 \
  --batches 1,8 --ops --fit --dry-run --wattlayer "$cli" 2>&1 | grep -v -i warn
for f in models.jsonl ops_b1.jsonl ops_b8.jsonl; do
  [ -s "$out/cpu_dry_run/$f" ] || { echo "missing $f"; exit 1; }
done
grep -q '"dry_run": true' "$out/cpu_dry_run/models.jsonl"
"$cli" estimate tests/fixtures/onnx/tv_resnet50_b1.onnx --profile "$out/cpu_dry_run.json" --format json > "$out/report.json"
/usr/bin/python3 - "$out/report.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
assert r["hardware"]["source"] == "dry-run" and r["total"]["energy_j"] > 0, r.get("hardware")
print(f"the dry-run profile loads: {r['total']['energy_j']:.3f} J on {r['hardware']['name']}")
PY
