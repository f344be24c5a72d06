#!/usr/bin/env bash
# Regenerates the doctype schemas under schemas/{strict,compatible}/{cozy,mesinfos}/ from the compact definitions in
# tests/SelfData.Conformance.Tests/Schemas/DoctypeDefinitions.cs, then checks them. The same test, run without
# SELFDATA_WRITE_SCHEMAS, fails when the files and the definitions drift apart. The schemas/selfdata/ files are written by hand.
set -euo pipefail
cd "$(dirname "$0")/.."
SELFDATA_WRITE_SCHEMAS=1 dotnet test tests/SelfData.Conformance.Tests -m:1 --filter "FullyQualifiedName~SchemaFileTests.The_published_doctype_schemas_are_what_the_definitions_generate"
dotnet build src/SelfData.Conformance -m:1 --no-restore
