import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { describe, it } from "node:test";

import { findHostKey } from "../../host";

const KEY_A = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFIzWujKwxK6lxKfcvZm6egId9";
const KEY_B = "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAy";

function hashed(name: string): string {
    const salt = Buffer.from("0123456789abcdefghij");
    const hash = createHmac("sha1", salt).update(name).digest("base64");
    return `|1|${salt.toString("base64")}|${hash}`;
}

describe("findHostKey", () => {
    const text = [
        "# a comment",
        "",
        `@cert-authority *.example.com ${KEY_B}`,
        `127.0.0.11 ${KEY_A} root@host1`,
        `node2.example.com,10.0.0.2 ${KEY_B}`,
        `[127.0.0.13]:2222 ${KEY_A}`,
        `${hashed("10.0.0.9")} ${KEY_B}`,
    ].join("\n");

    const cases: [string, string, number, string | undefined][] = [
        ["a plain name on port 22", "127.0.0.11", 22, KEY_A],
        ["a name in a comma-separated list", "10.0.0.2", 22, KEY_B],
        ["a bracketed name with its port", "127.0.0.13", 2222, KEY_A],
        ["a hashed name", "10.0.0.9", 22, KEY_B],
        ["nothing for a bracketed name on another port", "127.0.0.13", 22, undefined],
        ["nothing for a plain name on another port", "127.0.0.11", 2222, undefined],
        ["nothing from a certificate authority line", "a.example.com", 22, undefined],
        ["nothing for an unknown host", "127.0.0.99", 22, undefined],
    ];
    for (const [what, host, port, expected] of cases) {
        it(`finds ${what}`, () => {
            assert.equal(findHostKey(text, host, port), expected);
        });
    }
});
