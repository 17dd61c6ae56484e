# SSH test hosts: one sshd per loopback address, one user per host, and each host's own
# Docker engine named by DOCKER_HOST in that host's sessions.

# The user's home is made anew, so nothing of an earlier world (logins, files) survives.
make_host_user() {
    local user="$1" home="/home/$1"

    # A locked password ("!") makes sshd refuse even key logins; "*" only forbids passwords.
    if id -u "$user" >/dev/null 2>&1; then
        usermod -p '*' -s /bin/bash "$user"
    else
        useradd -m -p '*' -s /bin/bash "$user"
    fi

    rm -rf "$home"
    cp -a /etc/skel "$home"
    mkdir -p "$home/.ssh"
    cp "$WORLD_DIR/ssh/id_ed25519.pub" "$home/.ssh/authorized_keys"
    chmod 700 "$home" "$home/.ssh"
    chmod 600 "$home/.ssh/authorized_keys"
    chown -R "$user:$user" "$home"
}

write_sshd_config() {
    local host="$1" dir="$WORLD_DIR/hosts/$1"
    mkdir -p "$dir" /run/sshd
    ssh-keygen -q -t ed25519 -N '' -C "$host" -f "$dir/ssh_host_ed25519_key"

    # Tests open many sessions at once; the default MaxStartups would drop some of them.
    printf '%s\n' \
        "ListenAddress $(host_address "$host"):22" \
        "HostKey $dir/ssh_host_ed25519_key" \
        "PidFile $dir/sshd.pid" \
        "UsePAM no" \
        "PasswordAuthentication no" \
        "KbdInteractiveAuthentication no" \
        "PubkeyAuthentication yes" \
        "PermitRootLogin no" \
        "AllowUsers $(host_user "$host")" \
        "AuthorizedKeysFile .ssh/authorized_keys" \
        "SetEnv DOCKER_HOST=unix://$(engine_socket "$host")" \
        "MaxStartups 100" \
        "MaxSessions 100" \
        "PrintMotd no" \
        "X11Forwarding no" \
        "LogLevel VERBOSE" \
        "Subsystem sftp internal-sftp" \
        >"$dir/sshd_config"

    /usr/sbin/sshd -t -f "$dir/sshd_config" ||
        die "the sshd configuration of $host is invalid: $dir/sshd_config"
}

start_sshd() {
    local dir="$WORLD_DIR/hosts/$1"

    setsid /usr/sbin/sshd -D -f "$dir/sshd_config" -E "$dir/sshd.log" \
        </dev/null >/dev/null 2>&1 9>&- &
}

# OpenSSH writes a host on port 22 without brackets; "[address]:22" would never match.
write_client_files() {
    local dir="$WORLD_DIR/ssh" host

    for host in "${WORLD_HOSTS[@]}"; do
        printf '%s %s\n' "$(host_address "$host")" \
            "$(cut -d' ' -f1,2 "$WORLD_DIR/hosts/$host/ssh_host_ed25519_key.pub")"
    done >"$dir/known_hosts"

    {
        for host in "${WORLD_HOSTS[@]}"; do
            printf '%s\n' "Host $host" "    HostName $(host_address "$host")" \
                "    User $(host_user "$host")"
        done
        printf '%s\n' "Host *" \
            "    IdentityFile $dir/id_ed25519" \
            "    IdentitiesOnly yes" \
            "    UserKnownHostsFile $dir/known_hosts" \
            "    GlobalKnownHostsFile /dev/null" \
            "    StrictHostKeyChecking yes" \
            "    BatchMode yes" \
            "    ConnectTimeout 10" \
            "    LogLevel ERROR"
    } >"$dir/config"

    # docker -H ssh://… runs whatever ssh is first on PATH; this one brings the world's key.
    mkdir -p "$WORLD_DIR/bin"
    printf '%s\n' '#!/bin/sh' "exec /usr/bin/ssh -F '$dir/config' \"\$@\"" >"$WORLD_DIR/bin/ssh"
    chmod 755 "$WORLD_DIR/bin/ssh"
}

host_docker_answers() {
    local host="$1" id
    id="$(/usr/bin/ssh -F "$WORLD_DIR/ssh/config" "$host" \
        'docker info --format "{{.ID}}"' 2>/dev/null </dev/null)" || return 1
    [[ -n "$id" ]]
}

wait_host() {
    local host="$1" address
    address="$(host_address "$host")"

    wait_until 20 port_open "$address" 22 ||
        die_with_log "$WORLD_DIR/hosts/$host/sshd.log" "sshd of $host did not listen on $address:22"
    host_docker_answers "$host" ||
        die_with_log "$WORLD_DIR/hosts/$host/sshd.log" \
            "$host answers on $address:22 but 'docker info' over SSH failed"
    say "host $host up: $(host_user "$host")@$address:22"
}
