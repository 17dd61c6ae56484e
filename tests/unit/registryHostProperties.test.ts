import assert from "node:assert/strict";
import { describe, it } from "node:test";

import fc from "fast-check";

import { InvalidRegistryError, parseRegistryHost } from "../../reference";

const FIELD = "icm:dockerRegistry";
const HUB_ALIASES = new Set(["docker.io", "index.docker.io", "registry-1.docker.io"]);

const label = fc.stringMatching(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,6}[A-Za-z0-9])?$/);
const name = fc.array(label, { minLength: 1, maxLength: 4 }).map((labels) => labels.join("."));
const port = fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined });
const host = fc
    .tuple(name, port)
    .map(([text, p]) => (p === undefined ? text : `${text}:${p}`))
    .filter((text) => !HUB_ALIASES.has(text.toLowerCase()));

describe("parseRegistryHost properties", () => {
    it("returns a valid host in lower case, whether written bare or as a URL", () => {
        const scheme = fc.constantFrom("", "https://", "http://", "HTTPS://");
        const suffix = fc.constantFrom("", "/", "/v2/", "/team/project");

        fc.assert(
            fc.property(host, scheme, suffix, (text, before, after) => {
                assert.equal(
                    parseRegistryHost(`${before}${text}${after}`, FIELD),
                    text.toLowerCase(),
                );
            }),
        );
    });

    it("throws nothing but InvalidRegistryError on arbitrary text", () => {
        const soup = fc.string({
            unit: fc.constantFrom(..."aZ09.-_:/@[]%! \n".split(""), "https://", "::"),
            maxLength: 30,
        });

        fc.assert(
            fc.property(fc.oneof(fc.string({ unit: "binary" }), soup), (value) => {
                try {
                    parseRegistryHost(value, FIELD);
                } catch (error) {
                    assert.ok(error instanceof InvalidRegistryError, String(error));
                    assert.ok(error.message.startsWith(`${FIELD}: `));
                }
            }),
            { numRuns: 500 },
        );
    });

    it("never shows a password written into the value", () => {
        const password = fc.string({ minLength: 1, maxLength: 20 }).map((text) => `Pw#${text}`);
        const scheme = fc.constantFrom("", "https://");

        fc.assert(
            fc.property(scheme, password, host, (before, secret, text) => {
                assert.throws(
                    () => parseRegistryHost(`${before}admin:${secret}@${text}/`, FIELD),
                    (error: unknown) =>
                        error instanceof InvalidRegistryError &&
                        !error.message.includes(secret) &&
                        !error.value.includes(secret),
                );
            }),
        );
    });
});
