# Test images built from busybox, pushed to the private, public and token registries.

WORLD_IMAGES=(intersystems/iris:2024.1 intersystems/iris:2024.2 intersystems/webgateway:2024.1)

# The entry point stops at once on TERM (a plain sleep as PID 1 would ignore it and make
# every container stop wait for the engine's timeout) and serves the image's name over
# HTTP on 127.0.0.1:$HTTP_PORT when that variable is set.
write_entrypoint() {
    cat >"$1" <<'SCRIPT'
#!/bin/sh
trap 'exit 0' TERM INT
if [ -n "${HTTP_PORT:-}" ]; then
    httpd -f -p "127.0.0.1:$HTTP_PORT" -h /www &
fi
while :; do
    sleep 3600 &
    wait $!
done
SCRIPT
    chmod 755 "$1"
}

make_base_root() {
    local root="$1" applet
    mkdir -p "$root"/{bin,etc,tmp,root,www,proc,sys,dev}
    chmod 1777 "$root/tmp"
    cp /bin/busybox "$root/bin/busybox"

    for applet in $(/bin/busybox --list); do
        [[ "$applet" == busybox ]] || ln -s busybox "$root/bin/$applet"
    done

    printf '%s\n' 'root:x:0:0:root:/root:/bin/sh' 'nobody:x:65534:65534:nobody:/:/bin/false' \
        >"$root/etc/passwd"
    printf '%s\n' 'root:x:0:' 'nogroup:x:65534:' >"$root/etc/group"
    write_entrypoint "$root/bin/icm-test-entrypoint"
}

# Each image differs in its content, so each has its own digest.
build_image() {
    local image="$1" base="$2" root
    root="$WORLD_DIR/images/${image//[\/:]/-}"
    rm -rf "$root"
    cp -a "$base" "$root"
    printf '%s\n' "$image" >"$root/etc/image-name"
    printf '%s\n' "$image" >"$root/www/index.html"

    tar --numeric-owner -C "$root" -c . |
        docker -H "unix://$(engine_socket builder)" import \
            -c 'CMD ["/bin/icm-test-entrypoint"]' -c "LABEL org.icm.test.image=$image" \
            - "$image" >/dev/null
}

skopeo_world() {
    skopeo --policy "$WORLD_DIR/skopeo/policy.json" "$@"
}

# Pushes to the private registry as the deployer, then copies registry to registry, so the
# public registry holds the very same manifests and digests.
push_images() {
    local dir="$WORLD_DIR/skopeo" image
    mkdir -p "$dir/certs"
    chmod 700 "$dir"
    cp "$WORLD_DIR/ca/ca.crt" "$dir/certs/ca.crt"
    printf '%s\n' '{"default":[{"type":"insecureAcceptAnything"}]}' >"$dir/policy.json"

    skopeo_world login --authfile "$dir/auth.json" --cert-dir "$dir/certs" \
        --username icm-deployer --password-stdin 127.0.0.1:5443 \
        <"$WORLD_DIR/secrets/deployer.password" >/dev/null

    for image in "${WORLD_IMAGES[@]}"; do
        skopeo_world copy --quiet --src-daemon-host "unix://$(engine_socket builder)" \
            --dest-authfile "$dir/auth.json" --dest-cert-dir "$dir/certs" \
            "docker-daemon:$image" "docker://127.0.0.1:5443/$image"
        skopeo_world copy --quiet --src-authfile "$dir/auth.json" --src-cert-dir "$dir/certs" \
            --dest-tls-verify=false \
            "docker://127.0.0.1:5443/$image" "docker://127.0.0.1:5000/$image"
    done
}

build_and_push_images() {
    local base="$WORLD_DIR/images/base" image
    make_base_root "$base"

    for image in "${WORLD_IMAGES[@]}"; do
        build_image "$image" "$base"
    done
    say "images built: ${WORLD_IMAGES[*]}"

    push_images
    say "images pushed to the private and public registries"
}
