#!/usr/bin/env bash
# Runs every test: pure logic, programs under Pulumi's mock monitor, the packed package,
# and the effects on real hosts. The last need the test world (registries, SSH hosts and
# their Docker engines), which this starts as root when it is not already running.
set -euo pipefail
cd "$(dirname "$0")/.."

bash tests/world/start.sh

# One file at a time: the world's hosts and registries are shared between files.
exec node --import tsx --test --test-concurrency=1 \
    tests/unit/*.test.ts tests/mock/*.test.ts tests/package/*.test.ts tests/world/*.test.ts
