#!/usr/bin/env bash
# Stops every process of the test world started by start.sh, found through its pid files.
# The world's files stay; the next start.sh cleans them and starts anew.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
for part in common processes; do
    # shellcheck source=/dev/null
    source "$here/lib/$part.sh"
done

((EUID == 0)) || die "stop.sh must run as root, like start.sh"
if [[ ! -e "$WORLD_MARKER" ]]; then
    say "no world in $WORLD_DIR; nothing to stop"
    exit 0
fi

rm -f "$WORLD_DIR/world.json"
stop_world_processes
say "stopped; files kept in $WORLD_DIR"
