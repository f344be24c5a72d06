#!/usr/bin/env bash
# Runs the browser tests (tests/SelfData.Portability.IntegrationTests): the demo archives' index.html in headless
# Chromium with Playwright and axe-core. Installs Debian's chromium with apt when it is missing (with sudo unless root).
# Screenshots land in tests/SelfData.Portability.IntegrationTests/bin/<Configuration>/net10.0/screenshots/.
set -euo pipefail
cd "$(dirname "$0")/.."
configuration="${1:-Release}"
if ! command -v chromium >/dev/null 2>&1; then
  sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y chromium
fi
export SELFDATA_CHROMIUM="${SELFDATA_CHROMIUM:-$(command -v chromium)}"
dotnet test tests/SelfData.Portability.IntegrationTests -c "$configuration" --logger "console;verbosity=normal"
echo "screenshots: tests/SelfData.Portability.IntegrationTests/bin/$configuration/net10.0/screenshots/"
