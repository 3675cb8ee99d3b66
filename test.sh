#!/usr/bin/env bash
# Runs every test: unit tests, end-to-end tests on loopback and the distribution smoke test.
set -euo pipefail
cd "$(dirname "$0")"
. scripts/build-env
exec ./mvnw -B verify "$@"
