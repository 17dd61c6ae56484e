#!/usr/bin/env bash
# Runs `pulumi up` on a stack kept in a local folder, so no Pulumi account is needed.
# The stack is "dev" unless ICM_STACK names another; extra arguments go to `pulumi up`.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v pulumi >/dev/null; then
    echo "The Pulumi CLI is not installed; see https://www.pulumi.com/docs/install/" >&2
    exit 1
fi

mkdir -p .state
export PULUMI_BACKEND_URL="${PULUMI_BACKEND_URL:-file://$PWD/.state}"
# An empty passphrase keeps the quick start to one command; set your own for real stacks.
export PULUMI_CONFIG_PASSPHRASE="${PULUMI_CONFIG_PASSPHRASE-}"

stack="${ICM_STACK:-dev}"
pulumi stack select --create "$stack" >/dev/null
pulumi up "$@"
