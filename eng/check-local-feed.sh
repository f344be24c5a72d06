#!/usr/bin/env bash
# Proves docs/quickstart.md's "use the packages from a local feed": a new console project outside the repository
# references SelfData.Portability and SelfData.Extensions.DependencyInjection from a folder of .nupkg files (FEED,
# written by `dotnet pack -o FEED`), restores them with that folder as a package source, builds and runs.
# Usage: eng/check-local-feed.sh FEED      (.ci/run calls it with the packages it just packed)
set -euo pipefail
feed="$(cd "${1:?usage: eng/check-local-feed.sh FEED}" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
dotnet new console -n Holder -o Holder --no-restore >/dev/null
cd Holder
# Only this project sees the feed: a nuget.config next to it adds the folder to the usual sources.
cat > nuget.config <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <add key="selfdata-local" value="$feed" />
  </packageSources>
</configuration>
XML
dotnet add package SelfData.Portability --prerelease >/dev/null
dotnet add package SelfData.Extensions.DependencyInjection --prerelease >/dev/null
dotnet add package Microsoft.Extensions.DependencyInjection >/dev/null
cat > Program.cs <<'CS'
using Microsoft.Extensions.DependencyInjection;
using SelfData.Core;
using SelfData.Extensions.DependencyInjection;
using SelfData.Portability;
using SelfData.Portability.Bills;

var services = new ServiceCollection();
services.AddSelfData().AddPortability(o => o.Holder = new HolderId("eauxdusud", "fr.eauxdusud", "Eaux du Sud"));
using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
var export = provider.GetRequiredService<PortabilityExportBuilderFactory>().Create()
    .ForSubject(new SubjectId("person-1"))
    .Add(BillingDoctypes.Bills, [new Bill { Vendor = "Eaux du Sud", Date = DateTimeOffset.UtcNow, Amount = new Money(38.70m, "EUR") }])
    .Build();
Console.WriteLine($"local feed ok: {export.Datasets.Count} dataset(s)");
CS
dotnet run -c Release | tee run.log
grep -q "local feed ok: 1 dataset" run.log
