# Test CA, server certificate, token signing key, client key and registry users.

make_certificates() {
    local dir="$WORLD_DIR/ca"
    mkdir -p "$dir"

    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 3650 \
        -subj "/CN=ICM test world CA" \
        -addext "basicConstraints=critical,CA:TRUE" \
        -addext "keyUsage=critical,keyCertSign,cRLSign" \
        -keyout "$dir/ca.key" -out "$dir/ca.crt" 2>/dev/null

    openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
        -subj "/CN=127.0.0.1" -keyout "$dir/server.key" -out "$dir/server.csr" 2>/dev/null
    openssl x509 -req -in "$dir/server.csr" -CA "$dir/ca.crt" -CAkey "$dir/ca.key" \
        -CAcreateserial -days 825 -out "$dir/server.crt" -extfile <(
            printf '%s\n' "subjectAltName=IP:127.0.0.1,DNS:localhost" \
                "basicConstraints=critical,CA:FALSE" \
                "keyUsage=critical,digitalSignature,keyEncipherment" \
                "extendedKeyUsage=serverAuth"
        ) 2>/dev/null
    chmod 600 "$dir/ca.key" "$dir/server.key"
}

# The token registry trusts tokens signed by this key; its certificate is the bundle.
make_signing_key() {
    local dir="$WORLD_DIR/token"
    mkdir -p "$dir"

    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 3650 \
        -subj "/CN=icm-test-issuer" \
        -keyout "$dir/signing.key" -out "$dir/signing.crt" 2>/dev/null
    chmod 600 "$dir/signing.key"
}

make_client_key() {
    local dir="$WORLD_DIR/ssh"
    mkdir -p "$dir"
    chmod 700 "$dir"

    ssh-keygen -q -t ed25519 -N '' -C icm-test-world -f "$dir/id_ed25519"
}

# The passwords hold shell syntax, spaces and non-ASCII on purpose; they reach files and
# htpasswd through builtins and standard input only.
make_registry_users() {
    local dir="$WORLD_DIR/secrets" deployer rotator
    mkdir -p "$dir"
    chmod 700 "$dir"

    IFS= read -r deployer <<'PASSWORD'
Zq$7 |(s3cr3t)'"\;ü-Ω
PASSWORD
    IFS= read -r rotator <<'PASSWORD'
R0t@te $me| (n0w)'"\;é-λ
PASSWORD

    printf '%s' "$deployer" >"$dir/deployer.password"
    printf '%s' "$rotator" >"$dir/rotator.password"
    chmod 600 "$dir"/*.password

    htpasswd -ciB "$WORLD_DIR/htpasswd" icm-deployer <<<"$deployer" 2>/dev/null
    htpasswd -iB "$WORLD_DIR/htpasswd" icm-rotator <<<"$rotator" 2>/dev/null
    chmod 600 "$WORLD_DIR/htpasswd"
}
