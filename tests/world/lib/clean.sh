# Removing a stopped or half-started world before a fresh start.

# Refuses any folder that start.sh did not make, so a wrong ICM_WORLD wipes nothing.
assert_world_folder() {
    [[ "$WORLD_DIR" == /*/* ]] || die "ICM_WORLD must be an absolute path below /, got: $WORLD_DIR"
    [[ ! -e "$WORLD_DIR" || -e "$WORLD_MARKER" || -z "$(ls -A "$WORLD_DIR")" ]] ||
        die "$WORLD_DIR exists but start.sh did not make it; set ICM_WORLD to a new folder"
}

# A killed engine can leave mounts below its data root; they must go before the files.
unmount_world() {
    local target
    while read -r target; do
        umount -l "$target" 2>/dev/null || true
    done < <(findmnt -rn -o TARGET | grep -F "$WORLD_DIR/" | sort -r)
}

clean_world() {
    assert_world_folder
    [[ -e "$WORLD_DIR" ]] || return 0

    say "cleaning the stopped or half-started world in $WORLD_DIR"
    stop_world_processes
    kill_leftover_shims
    kill_leftover_containers
    unmount_world
    rm -rf "$WORLD_DIR"
}

# True when every part of the world runs and world.json describes it.
world_is_up() {
    local file program host name
    [[ -s "$WORLD_DIR/world.json" ]] || return 1

    while read -r file program; do
        [[ "$program" == containerd ]] || pid_file_alive "$file" "$program" || return 1
    done < <(world_pid_files)

    for name in "${WORLD_REGISTRIES[@]}"; do
        port_open 127.0.0.1 "$(registry_port "$name")" || return 1
    done
    for host in "${WORLD_HOSTS[@]}"; do
        port_open "$(host_address "$host")" 22 || return 1
    done
}

# Another server on one of the world's ports would answer in its place.
assert_ports_free() {
    local name host address
    for name in "${WORLD_REGISTRIES[@]}"; do
        address="127.0.0.1:$(registry_port "$name")"
        ! port_open 127.0.0.1 "$(registry_port "$name")" ||
            die "$address, needed by the $name registry, is taken: see 'ss -ltnp'"
    done
    for host in "${WORLD_HOSTS[@]}"; do
        address="$(host_address "$host")"
        ! port_open "$address" 22 ||
            die "$address:22, needed by $host, is taken (often by a system sshd on" \
                "0.0.0.0:22): see 'ss -ltnp'"
    done
}
