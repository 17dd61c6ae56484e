import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { describe, it } from "node:test";

import { digestOf, isDigest, MANIFEST_ACCEPT, mediaTypeOf } from "../../registry/manifest";

const OCI_INDEX = "application/vnd.oci.image.index.v1+json";

describe("manifest helpers", () => {
    it("asks for OCI and Docker manifests and indexes alike", () => {
        assert.equal(
            MANIFEST_ACCEPT,
            "application/vnd.oci.image.index.v1+json, application/vnd.oci.image.manifest.v1+json, " +
                "application/vnd.docker.distribution.manifest.list.v2+json, " +
                "application/vnd.docker.distribution.manifest.v2+json",
        );
    });

    const digests: [string, string, boolean][] = [
        ["accepts a sha256 digest", `sha256:${"a1".repeat(32)}`, true],
        ["accepts a sha512 digest", `sha512:${"0f".repeat(64)}`, true],
        ["refuses upper-case hex", `sha256:${"A1".repeat(32)}`, false],
        ["refuses a short digest", `sha256:${"a1".repeat(31)}`, false],
        ["refuses an unknown algorithm", `md5:${"a1".repeat(16)}`, false],
        ["refuses a tag", "2024.1", false],
    ];

    for (const [behaviour, value, expected] of digests) {
        it(behaviour, () => {
            assert.equal(isDigest(value), expected);
        });
    }

    it("hashes raw bytes with sha256 unless a sha512 digest is being matched", () => {
        const bytes = Buffer.from('{"schemaVersion":2}');
        const sha256 = createHash("sha256").update(bytes).digest("hex");
        const sha512 = createHash("sha512").update(bytes).digest("hex");

        assert.equal(digestOf(bytes), `sha256:${sha256}`);
        assert.equal(digestOf(bytes, `sha512:${"0".repeat(128)}`), `sha512:${sha512}`);
    });

    const mediaTypes: [string, string | undefined, string | undefined, string | undefined][] = [
        [
            "takes the Content-Type without parameters",
            `${OCI_INDEX}; charset=utf-8`,
            undefined,
            OCI_INDEX,
        ],
        [
            "reads the manifest's field when the type is plain JSON",
            "application/json",
            `{"mediaType":"${OCI_INDEX}"}`,
            OCI_INDEX,
        ],
        [
            "reads the manifest's field when there is no type",
            undefined,
            `{"mediaType":"${OCI_INDEX}"}`,
            OCI_INDEX,
        ],
        [
            "keeps plain JSON when the manifest has no field",
            "application/json",
            "{}",
            "application/json",
        ],
        ["gives nothing when neither says", undefined, "not json", undefined],
    ];

    for (const [behaviour, contentType, body, expected] of mediaTypes) {
        it(`mediaTypeOf ${behaviour}`, () => {
            const bytes = body === undefined ? undefined : Buffer.from(body);

            assert.equal(mediaTypeOf(contentType, bytes), expected);
        });
    }
});
