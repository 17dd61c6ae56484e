import assert from "node:assert/strict";
import { describe, it } from "node:test";

import {
    InvalidRegistryError,
    dockerConfigKey,
    isLoopbackRegistry,
    parseRegistryHost,
    registryEndpoint,
} from "../../reference";

const FIELD = "defaults.json: DockerRegistry";

/** The message every refused registry carries, around its particular reason. */
function refusal(value: string, reason: string): string {
    return (
        `${FIELD}: ${JSON.stringify(value)} is not a valid registry host: ${reason}. ` +
        `Example of a valid value: "containers.intersystems.com".`
    );
}

describe("parseRegistryHost", () => {
    const valid: [string, string, string][] = [
        ["a host name", "containers.intersystems.com", "containers.intersystems.com"],
        [
            "an https URL as ICM's samples write it",
            "https://containers.intersystems.com",
            "containers.intersystems.com",
        ],
        ["a URL with a port and a trailing slash", "https://host:5443/", "host:5443"],
        ["an http URL with a path", "http://registry.local:5000/v2/", "registry.local:5000"],
        ["a scheme in capitals", "HTTPS://Registry.Example", "registry.example"],
        ["a host name in lower case", "Containers.InterSystems.COM", "containers.intersystems.com"],
        ["a single-label host", "registry", "registry"],
        ["localhost with a port", "localhost:5000", "localhost:5000"],
        ["an IPv4 address with a port", "127.0.0.1:5443", "127.0.0.1:5443"],
        ["a bracketed IPv6 address", "[::1]", "[::1]"],
        ["a bracketed IPv6 address with a port", "[2001:DB8::5]:5000", "[2001:db8::5]:5000"],
        ["a host with a path but no scheme", "registry.example/team", "registry.example"],
        ["the highest port", "registry.example:65535", "registry.example:65535"],
        ["index.docker.io as Docker Hub", "index.docker.io", "docker.io"],
        ["Docker Hub's legacy URL", "https://index.docker.io/v1/", "docker.io"],
        ["registry-1.docker.io as Docker Hub", "registry-1.docker.io", "docker.io"],
    ];

    for (const [behaviour, value, expected] of valid) {
        it(`reads ${behaviour}`, () => {
            assert.equal(parseRegistryHost(value, FIELD), expected);
        });
    }

    const invalid: [string, string][] = [
        ["", "the value is empty"],
        ["https://", "the host name is empty"],
        ["/v2/", "the host name is empty"],
        ["registry example", "it contains white space; remove it"],
        ["registry.example\n", "it contains white space; remove it"],
        [
            "ftp://registry.example",
            'the scheme "ftp://" is not allowed; use "https://", "http://" or none',
        ],
        [
            "my_registry:5000",
            'the host name contains "_"; only letters, digits, "-" and "." are allowed',
        ],
        [
            "registry.example?x=1",
            'the host name contains "?"; only letters, digits, "-" and "." are allowed',
        ],
        [
            "registry..example",
            'the host name "registry..example" has an empty part: a "." at either end or two in a row',
        ],
        [
            "registry.example.",
            'the host name "registry.example." has an empty part: a "." at either end or two in a row',
        ],
        [
            "-registry.example",
            'the host name part "-registry" must begin and end with a letter or digit',
        ],
        [
            "registry.example:",
            'the port after ":" is empty; write a port such as 5000, or leave out the ":"',
        ],
        [
            "registry.example:https",
            'the port "https" is not a number; write digits only, such as 5000',
        ],
        ["registry.example:05000", 'the port "05000" starts with a zero; write it as 5000'],
        ["registry.example:0", "the port 0 is outside the range 1 to 65535"],
        ["registry.example:65536", "the port 65536 is outside the range 1 to 65535"],
        ["::1", 'an IPv6 address must be written in brackets, as in "[::1]:5000"'],
        ["[::1", 'the IPv6 address has no closing "]"'],
        ["[::1]5000", '"5000" follows the IPv6 address; only ":" and a port may follow it'],
        ["[fe80::1%eth0]", '"fe80::1%eth0" is not an IPv6 address written with hex digits and ":"'],
        ["[1::2::3]", '"1::2::3" is not an IPv6 address written with hex digits and ":"'],
        ["[::1]:99999", "the port 99999 is outside the range 1 to 65535"],
    ];

    for (const [value, reason] of invalid) {
        it(`refuses ${JSON.stringify(value)} saying why`, () => {
            assert.throws(() => parseRegistryHost(value, FIELD), {
                name: "InvalidRegistryError",
                message: refusal(value, reason),
            });
        });
    }

    it("hides a user name and password written into a URL", () => {
        assert.throws(
            () => parseRegistryHost("https://admin:s3cr$t/x@registry.example/", FIELD),
            (error: unknown) => {
                assert.ok(error instanceof InvalidRegistryError);
                assert.equal(error.value, "https://***@registry.example/");
                assert.equal(
                    error.message,
                    refusal(
                        "https://***@registry.example/",
                        'it holds a user name or password before "@"; give those as separate settings instead',
                    ),
                );
                return true;
            },
        );
    });
});

describe("registryEndpoint and dockerConfigKey", () => {
    const cases: [string, string, string][] = [
        ["docker.io", "registry-1.docker.io", "https://index.docker.io/v1/"],
        ["index.docker.io", "registry-1.docker.io", "https://index.docker.io/v1/"],
        [
            "containers.intersystems.com",
            "containers.intersystems.com",
            "containers.intersystems.com",
        ],
        ["127.0.0.1:5443", "127.0.0.1:5443", "127.0.0.1:5443"],
        ["[::1]:5000", "[::1]:5000", "[::1]:5000"],
    ];

    for (const [registry, endpoint, key] of cases) {
        it(`serves ${registry} from ${endpoint} and files its login under ${key}`, () => {
            assert.equal(registryEndpoint(registry), endpoint);
            assert.equal(dockerConfigKey(registry), key);
        });
    }
});

describe("isLoopbackRegistry", () => {
    const cases: [string, boolean][] = [
        ["localhost", true],
        ["localhost:5000", true],
        ["127.0.0.1", true],
        ["127.0.0.11:5443", true],
        ["127.255.255.254:443", true],
        ["[::1]", true],
        ["[::1]:5443", true],
        ["[0:0:0:0:0:0:0:1]:5000", true],
        ["[::ffff:7f00:1]:5000", true],
        ["::1", true],
        ["128.0.0.1:5000", false],
        ["10.0.0.1", false],
        ["[::2]:5000", false],
        ["[::ffff:a00:1]", false],
        ["docker.io", false],
        ["localhost.example", false],
        ["containers.intersystems.com", false],
    ];

    for (const [registry, loopback] of cases) {
        it(`counts ${registry} as ${loopback ? "this machine" : "another machine"}`, () => {
            assert.equal(isLoopbackRegistry(registry), loopback);
        });
    }
});
