#!/usr/bin/env bash
# The WattLayer action's work (action.yml): estimates every ONNX file that changed between two
# commits with `wattlayer diff`, writes the Markdown to a report file (and the job summary when
# GitHub Actions runs it), and fails when a file's energy grew past the budget.
#   energy-diff.sh CLI BASE HEAD REPORT [--max-increase P%] [--hardware ID] [--batch N] [--files GLOB]
set -euo pipefail
cli=${1:?usage: energy-diff.sh CLI BASE HEAD REPORT [options]}
base=${2:?base commit}
head=${3:?head commit}
report=${4:?report file}
shift 4
budget=() options=() pattern='*.onnx'
while (($#)); do
  case $1 in
    --max-increase) [ -n "$2" ] && budget=(--max-increase "$2"); shift 2 ;;
    --hardware | --batch) options+=("$1" "$2"); shift 2 ;;
    --files) pattern=$2; shift 2 ;;
    *) echo "energy-diff.sh: unknown option $1" >&2; exit 1 ;;
  esac
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
over=0 files=0
{
  echo "## Inference energy (WattLayer)"
  echo
} > "$report"
while IFS= read -r -d '' path; do
  files=$((files + 1))
  # Both versions under the file's own name, which the diff's title shows.
  mkdir -p "$work/base" "$work/head"
  old="$work/base/$(basename "$path")" new="$work/head/$(basename "$path")"
  has_old=0 has_new=0
  git show "$base:$path" > "$old" 2> /dev/null && has_old=1
  git show "$head:$path" > "$new" 2> /dev/null && has_new=1
  echo "#### \`$path\`" >> "$report"
  if ((has_old && has_new)); then
    status=0
    "$cli" diff "$old" "$new" "${options[@]}" "${budget[@]}" >> "$report" || status=$?
    if ((status == 3)); then over=$((over + 1)); elif ((status != 0)); then echo "(could not be estimated: exit $status)" >> "$report"; fi
  elif ((has_new)); then
    echo "New file. Its estimate:" >> "$report"
    "$cli" estimate "$new" "${options[@]}" | grep '^energy on' >> "$report" || echo "(could not be estimated)" >> "$report"
  else
    echo "Removed." >> "$report"
  fi
  echo >> "$report"
done < <(git diff -z --name-only --no-renames "$base" "$head" -- "$pattern")
((files > 0)) || echo "No ONNX file changed." >> "$report"
[ -n "${GITHUB_STEP_SUMMARY:-}" ] && cat "$report" >> "$GITHUB_STEP_SUMMARY"
if ((over > 0)); then
  echo "$over of $files files use more energy than the budget allows" >&2
  exit 3
fi
