import assert from "node:assert/strict";
import { describe, it } from "node:test";

import fc from "fast-check";

import {
    DOCKER_HUB,
    InvalidReferenceError,
    formatImage,
    parseImageReference,
    resolveImage,
    type ImageReference,
} from "../../reference";

const FIELD = "icm:dockerImage";
const HUB_ALIASES = new Set(["docker.io", "index.docker.io", "registry-1.docker.io"]);

const label = fc.stringMatching(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,6}[A-Za-z0-9])?$/);
const port = fc.integer({ min: 1, max: 65535 }).map(String);
const dottedName = fc
    .array(label, { minLength: 2, maxLength: 4 })
    .map((labels) => labels.join("."));

/** Registries the grammar recognises as such in front of a path. */
const registry = fc.oneof(
    dottedName,
    fc.tuple(fc.oneof(label, dottedName), port).map(([host, p]) => `${host}:${p}`),
    fc.constantFrom("localhost", "[::1]", "[2001:db8::7]:5000", "127.0.0.1:5443"),
);

const component = fc.stringMatching(/^[a-z0-9]{1,6}(?:(?:[._]|__|-{1,3})[a-z0-9]{1,6}){0,2}$/);
const path = fc.array(component, { minLength: 1, maxLength: 4 }).map((parts) => parts.join("/"));
const tag = fc.stringMatching(/^\w[\w.-]{0,127}$/);
const digest = fc.stringMatching(/^[a-f0-9]{64}$/).map((hex) => `sha256:${hex}`);

/** A reference as a user may write it, with the parse Docker would make of it. */
const written = fc
    .record({
        registry: fc.option(registry, { nil: undefined }),
        path,
        tag: fc.option(tag, { nil: undefined }),
        digest: fc.option(digest, { nil: undefined }),
    })
    .filter((parts) => parts.registry !== undefined || !looksLikeRegistry(parts.path))
    .filter((parts) => !/^[a-f0-9]{64}$/.test(parts.path))
    .filter((parts) => (parts.registry ?? "").length + 1 + parts.path.length <= 255);

/** Whether Docker would read the first part of `path` as a registry. */
function looksLikeRegistry(text: string): boolean {
    const slash = text.indexOf("/");
    const first = text.slice(0, slash);

    return slash >= 0 && (/[.:]/.test(first) || first === "localhost");
}

function write(parts: ImageReference): string {
    const prefix = parts.registry === undefined ? "" : `${parts.registry}/`;
    const tagged = parts.tag === undefined ? "" : `:${parts.tag}`;
    const pinned = parts.digest === undefined ? "" : `@${parts.digest}`;

    return `${prefix}${parts.path}${tagged}${pinned}`;
}

function canonical(host: string): string {
    return HUB_ALIASES.has(host.toLowerCase()) ? DOCKER_HUB : host.toLowerCase();
}

describe("parseImageReference properties", () => {
    it("reads every reference built from the grammar back into its parts", () => {
        fc.assert(
            fc.property(written, (parts) => {
                const expected = Object.fromEntries(
                    Object.entries({
                        ...parts,
                        registry: parts.registry && canonical(parts.registry),
                    }).filter(([, value]) => value !== undefined),
                );

                assert.deepEqual(parseImageReference(write(parts), FIELD), expected);
            }),
        );
    });

    it("formats a resolved reference into a name that resolves to itself", () => {
        fc.assert(
            fc.property(written, fc.constantFrom(DOCKER_HUB, "127.0.0.1:5443"), (parts, home) => {
                const once = formatImage(
                    resolveImage(parseImageReference(write(parts), FIELD), home),
                );
                const twice = formatImage(resolveImage(parseImageReference(once, FIELD), home));

                assert.equal(twice, once);
            }),
        );
    });

    it("throws nothing but InvalidReferenceError on arbitrary text", () => {
        const soup = fc.string({
            unit: fc.constantFrom(..."aZ09._-_:/@[]%! \n".split(""), "sha256:", "localhost"),
            maxLength: 40,
        });

        fc.assert(
            fc.property(fc.oneof(fc.string({ unit: "binary" }), soup), (value) => {
                try {
                    parseImageReference(value, FIELD);
                } catch (error) {
                    assert.ok(error instanceof InvalidReferenceError, String(error));
                    assert.ok(error.message.startsWith(`${FIELD}: `));
                }
            }),
            { numRuns: 500 },
        );
    });

    it("never shows a password written in front of the registry", () => {
        const password = fc.string({ minLength: 1, maxLength: 20 }).map((text) => `Pw#${text}`);

        fc.assert(
            fc.property(password, registry, path, (secret, host, repo) => {
                const value = `admin:${secret}@${host}/${repo}`;

                assert.throws(
                    () => parseImageReference(value, FIELD),
                    (error: unknown) =>
                        error instanceof InvalidReferenceError &&
                        !error.message.includes(secret) &&
                        !error.value.includes(secret),
                );
            }),
        );
    });
});
