#!/usr/bin/env bash
# Checks that two builds of the CLI give byte-identical reports: `inspect` and `estimate` JSON, as
# exported and at --batch 8, for every .onnx and .json model of the folders given. The harness for refactors
# and speed work that must not change a single figure.
#   tests/tools/compare_builds.sh OLD_CLI NEW_CLI FOLDER...
#   e.g. tests/tools/compare_builds.sh /tmp/base/build/wattlayer build/native/wattlayer ../shared/onnx models/samples
set -euo pipefail
old=${1:?usage: compare_builds.sh OLD_CLI NEW_CLI FOLDER...}
new=${2:?usage: compare_builds.sh OLD_CLI NEW_CLI FOLDER...}
shift 2
(($#)) || { echo "usage: compare_builds.sh OLD_CLI NEW_CLI FOLDER..." >&2; exit 2; }
compared=0
differ=0
for folder in "$@"; do
  for model in "$folder"/*.onnx "$folder"/*.json; do
    [ -f "$model" ] || continue
    for command in inspect estimate; do
      for batch in "" "--batch 8"; do
        # An error is a report too (exit code 2 and its JSON): the output is compared either way.
        # shellcheck disable=SC2086  # $batch is empty or two words
        if ! cmp -s <("$old" "$command" "$model" $batch --format json 2>&1 || true) \
                    <("$new" "$command" "$model" $batch --format json 2>&1 || true); then
          echo "differs: $command $model $batch"
          differ=$((differ + 1))
        fi
        compared=$((compared + 1))
      done
    done
  done
done
echo "$compared reports compared, $differ differ"
((differ == 0))
