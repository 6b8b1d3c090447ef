#!/usr/bin/env python3
"""Fails when the folders of core/src include each other in a circle. The pipeline flows one way
(io -> infer -> cost -> report -> energy, with shape, flops and ops under them); a folder that
includes a later one makes a cycle, and this names it.

    python3 tests/tools/check_include_layers.py [core/src]
"""
import pathlib
import re
import sys

root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else pathlib.Path(__file__).resolve().parents[2] / 'core/src')
include = re.compile(r'#include "([^"]+)"')
edges = {}
for path in sorted(root.rglob('*')):
    if path.suffix not in ('.hpp', '.cpp'):
        continue
    folder = path.parent.relative_to(root).as_posix()
    for target in include.findall(path.read_text()):
        other = pathlib.PurePosixPath(target).parent.as_posix()
        if other in ('.', 'wattlayer') or other == folder or not (root / other).is_dir():
            continue
        edges.setdefault(folder, {}).setdefault(other, path.relative_to(root).as_posix())

# Depth-first search for a cycle, reporting the files behind each step of it.
state = {}
def visit(folder, trail):
    state[folder] = 'open'
    for other, via in sorted(edges.get(folder, {}).items()):
        if state.get(other) == 'open':
            start = [f for f, _ in trail].index(other) if other in [f for f, _ in trail] else 0
            loop = trail[start:] + [(folder, via)]
            sys.exit('include cycle between core/src folders: ' + ' -> '.join(f'{f} ({v})' for f, v in loop[1:]) + f' -> {other}')
        if other not in state:
            visit(other, trail + [(folder, via)])
    state[folder] = 'done'

for folder in sorted(edges):
    if folder not in state:
        visit(folder, [(folder, '')])
print(f'1 passed, 0 failed: {len(edges)} folders of {root} include each other in one direction')
