#!/usr/bin/env bash
# The CI action's script (.github/energy-diff.sh, run by action.yml) on two commits of a scratch
# repository: a model replaced by a bigger one (over a 10% budget: exit 3), one added, one removed.
#   tests/tools/check_energy_diff_action.sh CLI
set -euo pipefail
cli=$(realpath "${1:?usage: check_energy_diff_action.sh CLI}")
root=$(cd "$(dirname "$0")/../.." && pwd)
repo=$(mktemp -d)
trap 'rm -rf "$repo"' EXIT
cd "$repo"
git init -q
git config user.email ci@example.com
git config user.name ci
mkdir models
cp "$root/models/data/onnx/tv_resnet50_b1.onnx" models/net.onnx
cp "$root/models/samples/tv_resnet50_b1.onnx" models/old_sample.onnx
echo "a README" > README.md
git add . && git commit -qm base
cp "$root/models/data/onnx/tv_resnet101_b1.onnx" models/net.onnx
git rm -q models/old_sample.onnx
cp "$root/models/data/onnx/tv_mobilenet_v2_b1.onnx" models/added.onnx
echo "edited" >> README.md
git add . && git commit -qm head
fail() { echo "energy-diff: $1"; cat "$repo/report.md"; exit 1; }

status=0
GITHUB_STEP_SUMMARY="$repo/summary.md" "$root/.github/energy-diff.sh" "$cli" HEAD~1 HEAD "$repo/report.md" --max-increase 10% || status=$?
((status == 3)) || fail "a model 70% costlier than a 10% budget must exit 3, got $status"
grep -q '#### `models/net.onnx`' report.md || fail "the changed model has no section"
grep -q 'Over budget' report.md || fail "the budget is not reported"
grep -q 'WattLayer: net.onnx (h100, batch 1)' report.md || fail "the diff is not titled by the file"
grep -A1 '#### `models/added.onnx`' report.md | grep -q 'New file' || fail "the added model is not reported"
grep -A1 '#### `models/old_sample.onnx`' report.md | grep -q 'Removed' || fail "the removed model is not reported"
! grep -q README report.md || fail "a file that is no model is reported"
cmp -s report.md summary.md || fail "the job summary differs from the report"
"$root/.github/energy-diff.sh" "$cli" HEAD~1 HEAD "$repo/report.md" --hardware a100_sxm --batch 8 || fail "without a budget the script must pass"
grep -q 'a100_sxm, batch 8' report.md || fail "the hardware and batch options are not applied"
"$root/.github/energy-diff.sh" "$cli" HEAD HEAD "$repo/report.md" && grep -q 'No ONNX file changed' report.md || fail "no change is not said"
echo "energy-diff action script: changed (over budget), added and removed models reported"
