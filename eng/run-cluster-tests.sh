#!/usr/bin/env bash
# Runs the cluster integration tests (tests/SelfData.Orleans.IntegrationTests): SelfData.Orleans against a real
# PostgreSQL. The tests start their own throwaway server (initdb in a temporary folder, as the postgres user when run as
# root; 127.0.0.1 and a free port; removed at the end). Installs Debian's postgresql with apt when it is missing (with
# sudo unless root); a server the package may start on port 5432 is not used.
set -euo pipefail
cd "$(dirname "$0")/.."
configuration="${1:-Release}"
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && [ -z "${SELFDATA_PG_BIN:-}" ]; then
  sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y postgresql
fi
dotnet test tests/SelfData.Orleans.IntegrationTests -c "$configuration" --logger "console;verbosity=normal"
