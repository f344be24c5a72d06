#!/usr/bin/env python3
"""Resolves merge conflicts in PublicAPI.*.txt files by taking the union of both sides, sorted."""
import pathlib, sys
for path in sys.argv[1:]:
    p = pathlib.Path(path)
    lines = [l for l in p.read_text().splitlines() if not l.startswith(('<<<<<<<', '=======', '>>>>>>>')) and l.strip() and not l.startswith('#')]
    key = lambda s: s.lstrip("~").replace("override ", "").replace("static ", "").replace("abstract ", "").replace("virtual ", "").replace("const ", "")
    p.write_text("#nullable enable\n" + "".join(l + "\n" for l in sorted(set(lines), key=key)))
    print("resolved", path)
