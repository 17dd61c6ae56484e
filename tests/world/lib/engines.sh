# Docker engines: one that builds the test images, and one per SSH host.

# The group may use the socket; each host's engine is reachable by that host's user only.
start_engine() {
    local name="$1" group="$2" dir
    dir="$(engine_dir "$name")"
    mkdir -p "$dir/data" "$dir/exec" "$WORLD_DIR/run"
    chmod 755 "$WORLD_DIR/run"
    # The engine ID comes from this key; by default every engine would share /etc/docker's.
    printf '{ "deprecated-key-path": "%s" }\n' "$dir/key.json" >"$dir/daemon.json"

    setsid dockerd --config-file "$dir/daemon.json" \
        --data-root "$dir/data" --exec-root "$dir/exec" --pidfile "$dir/dockerd.pid" \
        -H "unix://$(engine_socket "$name")" -G "$group" \
        --bridge=none --iptables=false --ip-masq=false --ip6tables=false \
        --userland-proxy=false \
        >>"$dir/dockerd.log" 2>&1 </dev/null 9>&- &
}

engine_answers() {
    docker -H "unix://$(engine_socket "$1")" version --format '{{.Server.Version}}' \
        >/dev/null 2>&1
}

wait_engine() {
    local name="$1"

    wait_until 40 engine_answers "$name" ||
        die_with_log "$(engine_dir "$name")/dockerd.log" \
            "the $name Docker engine did not answer on $(engine_socket "$name")"
    say "engine $name up on unix://$(engine_socket "$name")"
}
