#!/usr/bin/env bash
# Builds the distribution (without tests) and starts a node with an embedded tracker,
# sharing ~/Documents/diztl/share. Extra arguments go to `diztl node`.
set -euo pipefail
cd "$(dirname "$0")"
. scripts/build-env
./mvnw -B -q install -DskipTests
exec distribution/target/diztl/bin/diztl node "$@"
