import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { InvalidReferenceError, parseImageReference, type ImageReference } from "../../reference";

const FIELD = "icm:dockerImage";
const SHA256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
const SHA384 = "a".repeat(96);
const SHA512 = "b".repeat(128);

/** The message every refused reference carries, around its particular reason. */
function refusal(value: string, reason: string): string {
    return (
        `${FIELD}: ${JSON.stringify(value)} is not a valid image reference: ${reason}. ` +
        `Example of a valid value: "containers.intersystems.com/intersystems/iris:2024.1".`
    );
}

describe("parseImageReference", () => {
    const valid: [string, string, ImageReference][] = [
        ["a one-part name without a registry", "busybox", { path: "busybox" }],
        ["a tag", "busybox:1.36", { path: "busybox", tag: "1.36" }],
        [
            "a first part without a dot or port as a path, not a registry",
            "intersystems/iris:2024.1",
            { path: "intersystems/iris", tag: "2024.1" },
        ],
        [
            "a first part with a dot as the registry",
            "containers.intersystems.com/intersystems/iris:2024.1",
            { registry: "containers.intersystems.com", path: "intersystems/iris", tag: "2024.1" },
        ],
        [
            "the registry in lower case, keeping the tag's capitals",
            "Containers.InterSystems.COM/intersystems/iris-community:Latest-EM",
            {
                registry: "containers.intersystems.com",
                path: "intersystems/iris-community",
                tag: "Latest-EM",
            },
        ],
        ["localhost as a registry", "localhost/iris", { registry: "localhost", path: "iris" }],
        [
            "a first part with a port as the registry",
            "localhost:5000/iris",
            { registry: "localhost:5000", path: "iris" },
        ],
        [
            "an IPv4 registry with a port",
            "127.0.0.1:5443/intersystems/iris:2024.1",
            { registry: "127.0.0.1:5443", path: "intersystems/iris", tag: "2024.1" },
        ],
        [
            "a bracketed IPv6 registry with a port",
            "[::1]:5443/intersystems/iris",
            { registry: "[::1]:5443", path: "intersystems/iris" },
        ],
        [
            "a bracketed IPv6 registry in lower case",
            "[2001:DB8::1]/iris",
            { registry: "[2001:db8::1]", path: "iris" },
        ],
        ["docker.io as written", "docker.io/busybox", { registry: "docker.io", path: "busybox" }],
        [
            "index.docker.io as docker.io",
            "index.docker.io/library/busybox",
            { registry: "docker.io", path: "library/busybox" },
        ],
        [
            "registry-1.docker.io as docker.io",
            "registry-1.docker.io/busybox",
            { registry: "docker.io", path: "busybox" },
        ],
        ["host:port without a path as name and tag", "host:5000", { path: "host", tag: "5000" }],
        ["localhost alone as a repository", "localhost", { path: "localhost" }],
        [
            "every separator the grammar allows",
            "a__b/c-----d/e.f_g/h0",
            { path: "a__b/c-----d/e.f_g/h0" },
        ],
        [
            "a sha256 digest without a tag",
            "busybox@sha256:" + SHA256,
            { path: "busybox", digest: "sha256:" + SHA256 },
        ],
        [
            "a tag and a digest together",
            "busybox:1.36@sha256:" + SHA256,
            { path: "busybox", tag: "1.36", digest: "sha256:" + SHA256 },
        ],
        [
            "a sha384 digest",
            "busybox@sha384:" + SHA384,
            { path: "busybox", digest: "sha384:" + SHA384 },
        ],
        [
            "a sha512 digest",
            "busybox@sha512:" + SHA512,
            { path: "busybox", digest: "sha512:" + SHA512 },
        ],
        [
            "a tag starting with an underscore",
            "iris:_Build.2024-1",
            { path: "iris", tag: "_Build.2024-1" },
        ],
        [
            "a tag of 128 characters",
            "iris:" + "t".repeat(128),
            { path: "iris", tag: "t".repeat(128) },
        ],
        [
            "a name of 255 characters, registry included",
            "reg.example:5000/" + "p".repeat(238),
            { registry: "reg.example:5000", path: "p".repeat(238) },
        ],
    ];

    for (const [behaviour, value, expected] of valid) {
        it(`reads ${behaviour}`, () => {
            assert.deepEqual(parseImageReference(value, FIELD), expected);
        });
    }

    it("shows the value, the lower-case rule and an example when a repository has capitals", () => {
        assert.throws(() => parseImageReference("Intersystems/iris:2024.1", FIELD), {
            name: "InvalidReferenceError",
            message:
                'icm:dockerImage: "Intersystems/iris:2024.1" is not a valid image reference: repository names must be lower-case. Example of a valid value: "containers.intersystems.com/intersystems/iris:2024.1".',
        });
    });

    const invalid: [string, string][] = [
        ["", "the repository name is missing"],
        [":2024.1", "the repository name is missing"],
        ["@sha256:" + SHA256, "the repository name is missing"],
        [
            "host:5000/",
            'no repository follows the registry; add one, as in "host:5000/intersystems/iris"',
        ],
        ["intersystems/IRIS", "repository names must be lower-case"],
        [
            "iris!",
            'the repository path contains "!"; only lower-case letters, digits, ".", "_", "-" and "/" are allowed',
        ],
        [
            "intersystems//iris",
            'the repository path "intersystems//iris" has an empty part; separate its parts with a single "/"',
        ],
        [
            "/iris",
            'the repository path "/iris" has an empty part; separate its parts with a single "/"',
        ],
        ["-iris", 'the path part "-iris" must begin and end with a letter or digit'],
        ["intersystems/iris_", 'the path part "iris_" must begin and end with a letter or digit'],
        [
            "a___b",
            'the path part "a___b" joins letters and digits wrongly: between them use one ".", one or two "_", or any number of "-"',
        ],
        [
            "a.-b",
            'the path part "a.-b" joins letters and digits wrongly: between them use one ".", one or two "_", or any number of "-"',
        ],
        [SHA256, "a string of 64 hexadecimal digits is an image ID, not a repository name"],
        ["iris:", 'the tag after ":" is empty; write a tag such as "2024.1", or leave out the ":"'],
        ["iris:.1", 'the tag must begin with a letter, digit or "_"'],
        ["iris:-1", 'the tag must begin with a letter, digit or "_"'],
        [
            "iris:2024+1",
            'the tag contains "+"; tags may contain only letters, digits, "_", "." and "-"',
        ],
        ["iris:" + "t".repeat(129), "the tag is 129 characters long; at most 128 are allowed"],
        [
            "iris@",
            'the digest after "@" is empty; write it as "sha256:" followed by 64 hexadecimal digits',
        ],
        [
            "iris@" + SHA256,
            'the digest has no ":"; write it as "sha256:" followed by 64 hexadecimal digits',
        ],
        [
            "iris@md5:" + SHA256.slice(0, 32),
            'the digest algorithm "md5" is not supported; use sha256, sha384 or sha512',
        ],
        [
            "iris@SHA256:" + SHA256,
            'the digest algorithm "SHA256" is not supported; use sha256, sha384 or sha512',
        ],
        [
            "iris@sha256:" + SHA256.slice(1),
            'a sha256 digest has 64 hexadecimal digits after "sha256:", this one has 63',
        ],
        [
            "iris@sha512:" + SHA256,
            'a sha512 digest has 128 hexadecimal digits after "sha512:", this one has 64',
        ],
        [
            "iris@sha256:" + SHA256.toUpperCase(),
            'the digest contains "F"; its hexadecimal digits must be 0-9 or lower-case a-f',
        ],
        ["p".repeat(256), "the name is 256 characters long; at most 255 are allowed"],
        [
            "reg.example:5000/" + "p".repeat(239),
            "the name is 256 characters long; at most 255 are allowed",
        ],
        ["iris 2024.1", "it contains white space; remove it"],
        ["intersystems/iris:2024.1\n", "it contains white space; remove it"],
        [
            "https://containers.intersystems.com/intersystems/iris",
            'an image reference has no scheme; remove "https://"',
        ],
        [
            "ho_st.example/iris",
            'the registry "ho_st.example" is not valid: the host name contains "_"; only letters, digits, "-" and "." are allowed',
        ],
        [
            "host:0/iris",
            'the registry "host:0" is not valid: the port 0 is outside the range 1 to 65535',
        ],
        [
            "a:b:c/iris",
            'the registry "a:b:c" is not valid: an IPv6 address must be written in brackets, as in "[::1]:5000"',
        ],
        ["[::1/iris", 'the registry "[::1" is not valid: the IPv6 address has no closing "]"'],
    ];

    for (const [value, reason] of invalid) {
        it(`refuses ${JSON.stringify(value.slice(0, 60))} saying why`, () => {
            assert.throws(() => parseImageReference(value, FIELD), {
                name: "InvalidReferenceError",
                message: refusal(value, reason),
            });
        });
    }

    it("hides a user name and password pasted before the registry", () => {
        const value = "admin:Pa$$w0rd@containers.intersystems.com/intersystems/iris";

        assert.throws(
            () => parseImageReference(value, FIELD),
            (error: unknown) => {
                assert.ok(error instanceof InvalidReferenceError);
                assert.equal(error.value, "***@containers.intersystems.com/intersystems/iris");
                assert.equal(
                    error.message,
                    refusal(
                        "***@containers.intersystems.com/intersystems/iris",
                        'it holds a user name or password before "@"; give those as separate settings instead',
                    ),
                );
                assert.ok(!error.message.includes("Pa$$w0rd"));
                return true;
            },
        );
    });

    it("keeps the field, the value and the reason on the error for callers", () => {
        assert.throws(
            () => parseImageReference("iris:", "defaults.json: DockerImage"),
            (error: unknown) => {
                assert.ok(error instanceof InvalidReferenceError);
                assert.equal(error.field, "defaults.json: DockerImage");
                assert.equal(error.value, "iris:");
                assert.match(error.reason, /^the tag after ":" is empty/);
                return true;
            },
        );
    });
});
