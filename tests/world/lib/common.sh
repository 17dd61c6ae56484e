# Shared settings and helpers of the test world scripts (sourced, never run).

WORLD_DIR="$(realpath -m "${ICM_WORLD:-/tmp/icm-world}")"
WORLD_HOSTS=(host1 host2 host3)
WORLD_ENGINES=(builder "${WORLD_HOSTS[@]}")
WORLD_REGISTRIES=(private public token)

# A marker that tells this folder was made by start.sh, so cleaning it can never wipe
# a folder that belongs to someone else.
WORLD_MARKER="$WORLD_DIR/.icm-test-world"

say() {
    printf 'world: %s\n' "$*"
}

die() {
    printf 'world: error: %s\n' "$*" >&2
    exit 1
}

# Fails with the tail of a log, so a part that did not come up explains itself.
die_with_log() {
    local log="$1"
    shift
    printf 'world: error: %s\n' "$*" >&2
    if [[ -f "$log" ]]; then
        printf 'world: last lines of %s:\n' "$log" >&2
        tail -n 20 "$log" | sed 's/^/    /' >&2
    fi
    exit 1
}

host_index() {
    printf '%s' "${1#host}"
}

host_address() {
    printf '127.0.0.1%s' "$(host_index "$1")"
}

host_user() {
    printf 'icmhost%s' "$(host_index "$1")"
}

engine_socket() {
    printf '%s/run/%s.sock' "$WORLD_DIR" "$1"
}

engine_dir() {
    printf '%s/engines/%s' "$WORLD_DIR" "$1"
}

registry_dir() {
    printf '%s/registries/%s' "$WORLD_DIR" "$1"
}

registry_port() {
    case "$1" in
        private) printf 5443 ;;
        public) printf 5000 ;;
        token) printf 5444 ;;
    esac
}

# True when the pid file names a live process whose command line mentions the program.
pid_file_alive() {
    local file="$1" program="$2" pid
    [[ -s "$file" ]] || return 1
    pid="$(<"$file")"
    [[ "$pid" =~ ^[0-9]+$ ]] || return 1
    [[ -r "/proc/$pid/cmdline" ]] || return 1
    tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q -- "$program"
}

port_open() {
    (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null
}

# Polls a check every 0.1 s for at most the given seconds.
wait_until() {
    local seconds="$1" tries
    shift
    tries=$((seconds * 10))
    while ((tries-- > 0)); do
        "$@" && return 0
        sleep 0.1
    done
    return 1
}
