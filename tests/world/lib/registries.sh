# The three registries: private (TLS + htpasswd), public (plain HTTP) and token (TLS +
# bearer tokens from an issuer that the tests run themselves).

write_registry_config() {
    local name="$1" dir
    dir="$(registry_dir "$name")"
    mkdir -p "$dir/storage"

    {
        printf '%s\n' "version: 0.1" "log:" "  level: info" "  formatter: text" \
            "  accesslog:" "    disabled: false" "storage:" "  filesystem:" \
            "    rootdirectory: $dir/storage" "  delete:" "    enabled: true" "http:" \
            "  addr: 127.0.0.1:$(registry_port "$name")" "  secret: $(openssl rand -hex 16)"
        if [[ "$name" != public ]]; then
            printf '%s\n' "  tls:" "    certificate: $WORLD_DIR/ca/server.crt" \
                "    key: $WORLD_DIR/ca/server.key"
        fi
        case "$name" in
            private)
                printf '%s\n' "auth:" "  htpasswd:" "    realm: icm-test-registry" \
                    "    path: $WORLD_DIR/htpasswd"
                ;;
            token)
                printf '%s\n' "auth:" "  token:" "    realm: http://127.0.0.1:5601/token" \
                    "    service: icm-test-registry" "    issuer: icm-test-issuer" \
                    "    rootcertbundle: $WORLD_DIR/token/signing.crt"
                ;;
        esac
    } >"$dir/config.yml"
}

# The access log (standard output) holds exactly one line per request, which tests count;
# the registry's own messages go to a second file.
start_registry() {
    local name="$1" dir
    dir="$(registry_dir "$name")"

    setsid docker-registry serve "$dir/config.yml" \
        >>"$dir/access.log" 2>>"$dir/registry.log" </dev/null 9>&- &
    printf '%s' "$!" >"$dir/registry.pid"
}

wait_registry() {
    local name="$1" port dir
    port="$(registry_port "$name")"
    dir="$(registry_dir "$name")"

    wait_until 20 port_open 127.0.0.1 "$port" ||
        die_with_log "$dir/registry.log" "the $name registry did not listen on 127.0.0.1:$port"
    say "registry $name up on 127.0.0.1:$port"
}
