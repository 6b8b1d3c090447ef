#!/usr/bin/env python3
"""Rewrites the operator table of core/docs/features.md from the registry (`wattlayer operators
--format markdown`), between its begin and end markers. The unit test [registry] fails while the
document differs from the registry.

    /usr/bin/python3 tests/tools/update_operator_table.py [CLI]     CLI: build/native/wattlayer
"""
import pathlib
import subprocess
import sys

root = pathlib.Path(__file__).resolve().parents[2]
cli = sys.argv[1] if len(sys.argv) > 1 else str(root / 'build/native/wattlayer')
doc = root / 'core/docs/features.md'
BEGIN, END = '<!-- operator-table: begin -->\n', '<!-- operator-table: end -->\n'

table = subprocess.run([cli, 'operators', '--format', 'markdown'], check=True, capture_output=True, text=True).stdout
text = doc.read_text()
start, end = text.index(BEGIN) + len(BEGIN), text.index(END)
doc.write_text(text[:start] + table + text[end:])
print(f'{doc}: {table.count(chr(10)) - 2} registry rows')
