import { createHmac } from "node:crypto";

import { knownHostsName } from "./ssh";

/**
 * Looks a host up in known_hosts text the way OpenSSH matches it: plain or `[host]:port`
 * names, comma-separated lists, and hashed (`|1|salt|hash`) entries. Written here because
 * the SSH packages on npm parse keys, not known_hosts files. Known shortcoming: wildcard
 * patterns (`*.example.com`, `!host`) are not matched, so such entries pin nothing.
 */
export function findHostKey(text: string, host: string, port: number): string | undefined {
    const name = knownHostsName(host, port);

    for (const line of text.split("\n")) {
        const fields = line.trim().split(/\s+/);
        // Comments, blank lines and @cert-authority / @revoked markers pin no plain key.
        if (fields.length < 3 || fields[0].startsWith("#") || fields[0].startsWith("@")) {
            continue;
        }

        const [patterns, type, key] = fields;
        if (patterns.split(",").some((pattern) => matches(pattern, name))) {
            return `${type} ${key}`;
        }
    }

    return undefined;
}

function matches(pattern: string, name: string): boolean {
    if (!pattern.startsWith("|1|")) {
        return pattern === name;
    }

    const [salt, hash] = pattern.slice(3).split("|");
    if (salt === undefined || hash === undefined) {
        return false;
    }
    const digest = createHmac("sha1", Buffer.from(salt, "base64")).update(name).digest("base64");

    return digest === hash;
}
