#!/usr/bin/env bash
# Starts the test world: a test CA, three registries, a builder Docker engine with the test
# images, and SSH hosts with their own Docker engines. It writes $ICM_WORLD/world.json
# (default /tmp/icm-world). Running it again while the world is up does nothing; a
# stopped or half-started world is cleaned and started anew. Needs root.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
for part in common secrets registries engines images hosts processes clean; do
    # shellcheck source=/dev/null
    source "$here/lib/$part.sh"
done

check_prerequisites() {
    local command missing=()
    ((EUID == 0)) || die "start.sh must run as root (it starts sshd, dockerd and makes users)"

    for command in dockerd docker docker-registry skopeo htpasswd openssl ssh ssh-keygen \
        findmnt setsid flock node; do
        command -v "$command" >/dev/null || missing+=("$command")
    done
    [[ -x /usr/sbin/sshd ]] || missing+=(sshd)
    [[ -x /bin/busybox ]] || missing+=(busybox)
    [[ -d "$repo/node_modules/tsx" ]] ||
        die "the project's npm packages are missing: run 'npm ci' in $repo"
    ((${#missing[@]} == 0)) || die "missing commands: ${missing[*]}; install them with" \
        "'apt-get install -y --no-install-recommends docker.io docker-registry openssh-server" \
        "openssh-client skopeo apache2-utils busybox-static openssl util-linux' (see .ci/run)"
}

# The TypeScript helpers in lib/ run with the project's tsx, found from the project folder.
run_script() {
    local script="$1"
    shift
    (cd "$repo" && node --import tsx "tests/world/lib/$script.ts" "$@")
}

start_world() {
    local host name started="$SECONDS"
    mkdir -p "$WORLD_DIR"
    chmod 755 "$WORLD_DIR"
    touch "$WORLD_MARKER"

    make_certificates
    make_signing_key
    make_client_key
    make_registry_users
    for host in "${WORLD_HOSTS[@]}"; do
        make_host_user "$(host_user "$host")"
    done
    say "certificates, keys and users made"

    start_engine builder docker
    for host in "${WORLD_HOSTS[@]}"; do
        start_engine "$host" "$(host_user "$host")"
    done
    for name in "${WORLD_REGISTRIES[@]}"; do
        write_registry_config "$name"
        start_registry "$name"
    done
    for host in "${WORLD_HOSTS[@]}"; do
        write_sshd_config "$host"
        start_sshd "$host"
    done
    write_client_files

    for name in "${WORLD_REGISTRIES[@]}"; do
        wait_registry "$name"
    done
    for name in "${WORLD_ENGINES[@]}"; do
        wait_engine "$name"
    done

    build_and_push_images
    run_script push-token-registry "$WORLD_DIR" "${WORLD_IMAGES[@]}"
    say "images pushed to the token registry"

    for host in "${WORLD_HOSTS[@]}"; do
        wait_host "$host"
    done

    run_script write-world "$WORLD_DIR" "$(IFS=,; printf '%s' "${WORLD_HOSTS[*]}")" \
        "${WORLD_IMAGES[@]}"
    say "up in $((SECONDS - started)) s; described in $WORLD_DIR/world.json"
}

check_prerequisites
assert_world_folder
mkdir -p "$(dirname "$WORLD_DIR")"

# Two starts at once would fight over the same ports and folders.
exec 9>"$WORLD_DIR.lock"
flock -w 300 9 || die "another start.sh holds $WORLD_DIR.lock for more than 300 s"

if world_is_up; then
    say "already up; described in $WORLD_DIR/world.json"
    exit 0
fi

clean_world
assert_ports_free
start_world
