#!/usr/bin/env python3
"""Reads the dependencies of every packed SelfData .nupkg and fails when a package carries what its users don't need.

Usage: python3 eng/check-packages.py DIR   (DIR holds the .nupkg files of `dotnet pack`; .ci/run calls it)

Rules (see ../shared/DESIGN.md): the core packages reference neither SQLite, nor dependency injection, nor ASP.NET
Core; the DI package depends on no feature package (an application references the features it registers); and every
Microsoft.Extensions.* dependency has one version across the packages.
"""
import re, sys, zipfile, pathlib

CORE = {"SelfData.Core", "SelfData.Jose", "SelfData.Portability", "SelfData.Conformance", "SelfData.Consent", "SelfData.Testing", "SelfData.Territory"}
FORBIDDEN_IN_CORE = re.compile(r"^(Microsoft\.Data\.Sqlite|SQLitePCLRaw|Microsoft\.Extensions\.DependencyInjection|Microsoft\.AspNetCore)", re.I)
FEATURES = {"SelfData.Portability", "SelfData.Consent", "SelfData.Conformance", "SelfData.Sqlite", "JsonSchema.Net", "Microsoft.Data.Sqlite"}

folder = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "artifacts")
problems, extensions, seen = [], {}, 0
for nupkg in sorted(folder.glob("SelfData.*.nupkg")):
    if nupkg.name.endswith(".snupkg") or ".symbols." in nupkg.name:
        continue
    with zipfile.ZipFile(nupkg) as z:
        nuspec = next(n for n in z.namelist() if n.endswith(".nuspec"))
        text = z.read(nuspec).decode("utf-8")
    package = re.search(r"<id>([^<]+)</id>", text).group(1)
    seen += 1
    deps = re.findall(r'<dependency id="([^"]+)" version="([^"]+)"', text)
    names = sorted({d for d, _ in deps})
    print(f"{package}: {', '.join(names) or '(none)'}")
    for dep, version in deps:
        if package in CORE and FORBIDDEN_IN_CORE.match(dep):
            problems.append(f"{package} depends on {dep}: a core package carries no SQLite, DI or ASP.NET Core")
        if package == "SelfData.Extensions.DependencyInjection" and dep in FEATURES:
            problems.append(f"{package} depends on {dep}: the DI package must not drag features in")
        if dep.startswith("Microsoft.Extensions."):
            extensions.setdefault(version, set()).add(f"{package} -> {dep}")
if len(extensions) > 1:
    problems.append("Microsoft.Extensions.* versions differ: " + "; ".join(f"{v}: {sorted(s)}" for v, s in extensions.items()))
if seen == 0:
    problems.append(f"no SelfData .nupkg in {folder}")
for p in problems:
    print("FAIL " + p)
sys.exit(1 if problems else 0)
