import assert from "node:assert/strict";
import { describe, it } from "node:test";

import {
    DOCKER_HUB,
    InvalidReferenceError,
    formatImage,
    parseImageReference,
    pinImage,
    pinnedName,
    resolveImage,
    type ResolvedImage,
} from "../../reference";

const SHA256 = "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
const ICR = "containers.intersystems.com";

function resolve(value: string, registry: string): ResolvedImage {
    return resolveImage(parseImageReference(value, "icm:dockerImage"), registry);
}

describe("resolveImage and formatImage", () => {
    const cases: [string, string, string, ResolvedImage, string][] = [
        [
            "adds library/ and latest to a one-part Docker Hub name",
            "busybox",
            DOCKER_HUB,
            {
                registry: "docker.io",
                repository: "library/busybox",
                tag: "latest",
                impliedTag: true,
            },
            "docker.io/library/busybox:latest",
        ],
        [
            "adds library/ to a one-part name written with a Docker Hub alias",
            "index.docker.io/busybox:1.36",
            ICR,
            {
                registry: "docker.io",
                repository: "library/busybox",
                tag: "1.36",
                impliedTag: false,
            },
            "docker.io/library/busybox:1.36",
        ],
        [
            "leaves a two-part Docker Hub name alone",
            "intersystems/iris:2024.1",
            DOCKER_HUB,
            {
                registry: "docker.io",
                repository: "intersystems/iris",
                tag: "2024.1",
                impliedTag: false,
            },
            "docker.io/intersystems/iris:2024.1",
        ],
        [
            "places a name without a registry on the default registry",
            "intersystems/iris:2024.1",
            ICR,
            { registry: ICR, repository: "intersystems/iris", tag: "2024.1", impliedTag: false },
            "containers.intersystems.com/intersystems/iris:2024.1",
        ],
        [
            "reads a default registry written as a URL",
            "iris",
            "https://127.0.0.1:5443/",
            { registry: "127.0.0.1:5443", repository: "iris", tag: "latest", impliedTag: true },
            "127.0.0.1:5443/iris:latest",
        ],
        [
            "prefers the registry the reference names over the default",
            "127.0.0.1:5443/intersystems/iris:2024.1",
            ICR,
            {
                registry: "127.0.0.1:5443",
                repository: "intersystems/iris",
                tag: "2024.1",
                impliedTag: false,
            },
            "127.0.0.1:5443/intersystems/iris:2024.1",
        ],
        [
            "fills in no tag when a digest is given",
            "busybox@" + SHA256,
            DOCKER_HUB,
            {
                registry: "docker.io",
                repository: "library/busybox",
                digest: SHA256,
                impliedTag: false,
            },
            "docker.io/library/busybox@" + SHA256,
        ],
        [
            "keeps both tag and digest",
            "[::1]:5000/iris:2024.1@" + SHA256,
            DOCKER_HUB,
            {
                registry: "[::1]:5000",
                repository: "iris",
                tag: "2024.1",
                digest: SHA256,
                impliedTag: false,
            },
            "[::1]:5000/iris:2024.1@" + SHA256,
        ],
    ];

    for (const [behaviour, value, registry, expected, formatted] of cases) {
        it(behaviour, () => {
            const image = resolve(value, registry);

            assert.deepEqual(image, expected);
            assert.equal(formatImage(image), formatted);
        });
    }

    it("refuses a default registry that is not a host, naming it", () => {
        assert.throws(() => resolve("iris", "ftp://x"), {
            name: "InvalidRegistryError",
            message:
                'default registry: "ftp://x" is not a valid registry host: the scheme "ftp://" is not allowed; use "https://", "http://" or none. Example of a valid value: "containers.intersystems.com".',
        });
    });
});

describe("pinImage and pinnedName", () => {
    it("pins an image to a digest and keeps its tag for reading", () => {
        const pinned = pinImage(resolve("intersystems/iris:2024.1", ICR), SHA256);

        assert.equal(pinned.tag, "2024.1");
        assert.equal(pinned.digest, SHA256);
        assert.equal(formatImage(pinned), `${ICR}/intersystems/iris:2024.1@${SHA256}`);
        assert.equal(pinnedName(pinned), `${ICR}/intersystems/iris@${SHA256}`);
    });

    it("replaces a digest the reference already had", () => {
        const other = "sha256:" + "0".repeat(64);
        const pinned = pinImage(resolve("busybox@" + SHA256, DOCKER_HUB), other);

        assert.equal(pinnedName(pinned), `docker.io/library/busybox@${other}`);
    });

    it("refuses a malformed digest with the digest's own example", () => {
        assert.throws(
            () => pinImage(resolve("busybox", DOCKER_HUB), "sha256:abc"),
            (error: unknown) => {
                assert.ok(error instanceof InvalidReferenceError);
                assert.equal(
                    error.message,
                    'digest: "sha256:abc" is not a valid image digest: a sha256 digest has 64 hexadecimal digits after "sha256:", this one has 3. Example of a valid value: "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08".',
                );
                return true;
            },
        );
    });

    it("refuses to name an image without a digest", () => {
        assert.throws(() => pinnedName(resolve("busybox", DOCKER_HUB)), {
            message:
                "docker.io/library/busybox:latest has no digest, so it has no pinned name; pin it to the digest its registry reports first.",
        });
    });
});
