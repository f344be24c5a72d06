#!/usr/bin/env python3
"""Adds new public symbols to PublicAPI.Unshipped.txt and removes deleted ones, from the
PublicApiAnalyzers diagnostics (RS0016 / RS0017) of a build. Review the diff before committing.

Usage: python3 eng/update-public-api.py [project-dir ...]   (default: every project under src/ and tools/)
"""
import pathlib, re, subprocess, sys

root = pathlib.Path(__file__).resolve().parent.parent
projects = [pathlib.Path(p).resolve() for p in sys.argv[1:]] or sorted(
    p.parent for p in list(root.glob("src/*/*.csproj")) + list(root.glob("tools/*/*.csproj")))
added = re.compile(r"error RS0016: Symbol '(.*)' is not part of the declared public API")
removed = re.compile(r"error RS0017: Symbol '(.*)' is part of the declared API, but is either not public or could not be found")
for project in projects:
    unshipped = project / "PublicAPI.Unshipped.txt"
    if not unshipped.exists():
        continue
    out = subprocess.run(["dotnet", "build", str(project), "-nologo", "-clp:NoSummary", "-p:RunAnalyzersDuringBuild=true"],
                         capture_output=True, text=True).stdout
    new = {m.group(1) for m in added.finditer(out)}
    gone = {m.group(1) for m in removed.finditer(out)}
    lines = [l for l in unshipped.read_text().splitlines() if l.strip() and not l.startswith("#")]
    lines = sorted((set(lines) | new) - gone, key=lambda s: s.lstrip("~").replace("override ", "").replace("static ", "").replace("abstract ", "").replace("virtual ", "").replace("const ", ""))
    unshipped.write_text("#nullable enable\n" + "".join(l + "\n" for l in lines))
    print(f"{project.name}: +{len(new)} -{len(gone)}")
