# The world's processes, found through their pid files, and how to end them.

# Prints "pidfile program" for every process the world may have started.
world_pid_files() {
    local name
    for name in "${WORLD_HOSTS[@]}"; do
        printf '%s sshd\n' "$WORLD_DIR/hosts/$name/sshd.pid"
    done
    for name in "${WORLD_REGISTRIES[@]}"; do
        printf '%s docker-registry\n' "$(registry_dir "$name")/registry.pid"
    done
    for name in "${WORLD_ENGINES[@]}"; do
        printf '%s dockerd\n' "$(engine_dir "$name")/dockerd.pid"
        printf '%s containerd\n' "$(engine_dir "$name")/exec/containerd/containerd.pid"
    done
}

# Prints the pids of the live processes among the given programs.
live_world_pids() {
    local file program
    while read -r file program; do
        if [[ " $* " == *" $program "* ]] && pid_file_alive "$file" "$program"; then
            printf '%s\n' "$(<"$file")"
        fi
    done < <(world_pid_files)
}

# A zombie counts as ended: the process that must reap it may be long gone.
none_alive() {
    local pid state
    for pid in "$@"; do
        state="$(cut -d' ' -f3 "/proc/$pid/stat" 2>/dev/null)" || continue
        [[ "$state" == Z ]] || return 1
    done
}

# Ends the given programs: TERM, then KILL after 30 s.
stop_programs() {
    local pids
    mapfile -t pids < <(live_world_pids "$@")
    ((${#pids[@]} > 0)) || return 0

    kill -TERM "${pids[@]}" 2>/dev/null || true
    if wait_until 30 none_alive "${pids[@]}"; then
        say "stopped ${#pids[@]} processes: $*"
        return 0
    fi

    kill -KILL "${pids[@]}" 2>/dev/null || true
    say "killed ${#pids[@]} processes ($*) that did not stop within 30 s"
}

# An engine stops its containers (each within its stop timeout) and then its containerd;
# a containerd still running afterwards lost its engine and is ended on its own.
stop_world_processes() {
    stop_programs sshd docker-registry dockerd
    stop_programs containerd
}

# Container shims outlive an engine that was killed; they are found by the address of
# that engine's containerd, which lies inside the world folder.
kill_leftover_shims() {
    local cmdline pid
    for cmdline in /proc/[0-9]*/cmdline; do
        pid="${cmdline#/proc/}"
        pid="${pid%/cmdline}"
        if tr '\0' ' ' 2>/dev/null <"$cmdline" |
            grep -q -- "containerd-shim.*-address $WORLD_DIR/engines/"; then
            kill -KILL "$pid" 2>/dev/null || true
        fi
    done
}

# A container's processes outlive a killed shim too; its cgroup, named after the container
# ID recorded in the engine's data root, lists them.
kill_leftover_containers() {
    local container id procs pid
    for container in "$WORLD_DIR"/engines/*/data/containers/*/; do
        [[ -d "$container" ]] || continue
        id="$(basename "$container")"
        while read -r procs; do
            for pid in $(cat "$procs" 2>/dev/null); do
                kill -KILL "$pid" 2>/dev/null || true
            done
        done < <(find /sys/fs/cgroup -maxdepth 4 -type d -name "*$id*" \
            -printf '%p/cgroup.procs\n' 2>/dev/null)
    done
}
