import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { IcmDefaults, IcmDefinition, StackValues } from "../../icm";
import { resolve } from "./icmSupport";

const HOST = { Role: "DM", IPAddress: "10.0.0.5" };

describe("image precedence", () => {
    const cases: [string, StackValues, IcmDefaults, Partial<IcmDefinition>, string, string][] = [
        [
            "icm:image beats a definitions entry",
            { image: "team/override:1", dockerImage: "team/stack:1" },
            { DockerImage: "team/defaults:1" },
            { DockerImage: "team/entry:1" },
            "team/override",
            "icm:image",
        ],
        [
            "a definitions entry beats icm:dockerImage",
            { dockerImage: "team/stack:1" },
            { DockerImage: "team/defaults:1" },
            { DockerImage: "team/entry:1" },
            "team/entry",
            "definitions.json[0].DockerImage",
        ],
        [
            "icm:dockerImage beats defaults.json",
            { dockerImage: "team/stack:1" },
            { DockerImage: "team/defaults:1" },
            {},
            "team/stack",
            "icm:dockerImage",
        ],
        [
            "defaults.json serves when nothing else names an image",
            {},
            { DockerImage: "team/defaults:1" },
            {},
            "team/defaults",
            "defaults.json: DockerImage",
        ],
    ];

    for (const [name, stack, defaults, entry, repository, field] of cases) {
        it(name, () => {
            const [node] = resolve(stack, defaults, [{ ...HOST, ...entry }]).nodes;

            assert.equal(node.image.value.repository, repository);
            assert.equal(node.image.field, field);
        });
    }

    it("takes the node-less image from icm:image, then icm:dockerImage, then defaults.json", () => {
        const defaults = { DockerImage: "team/defaults:1" };

        assert.equal(
            resolve({ image: "team/o:1", dockerImage: "team/s:1" }, defaults).image?.field,
            "icm:image",
        );
        assert.equal(
            resolve({ dockerImage: "team/s:1" }, defaults).image?.field,
            "icm:dockerImage",
        );
        assert.equal(resolve({}, defaults).image?.field, "defaults.json: DockerImage");
    });

    it("places an image without registry on the registry setting", () => {
        const settings = resolve(
            { dockerImage: "intersystems/iris:2024.1" },
            {
                DockerRegistry: "https://containers.intersystems.com/",
            },
        );

        assert.deepEqual(settings.image?.value, {
            registry: "containers.intersystems.com",
            repository: "intersystems/iris",
            tag: "2024.1",
            impliedTag: false,
        });
    });
});

describe("registry precedence", () => {
    const image = { dockerImage: "team/app:1" };
    const cases: [string, StackValues, IcmDefaults, Partial<IcmDefinition>, string, string][] = [
        [
            "a definitions entry beats icm:dockerRegistry",
            { ...image, dockerRegistry: "stack.example.com" },
            { DockerRegistry: "defaults.example.com" },
            { DockerRegistry: "entry.example.com" },
            "entry.example.com",
            "definitions.json[0].DockerRegistry",
        ],
        [
            "icm:dockerRegistry beats defaults.json",
            { ...image, dockerRegistry: "stack.example.com" },
            { DockerRegistry: "defaults.example.com" },
            {},
            "stack.example.com",
            "icm:dockerRegistry",
        ],
        [
            "defaults.json beats the built-in default",
            image,
            { DockerRegistry: "https://Defaults.Example.com:5443/" },
            {},
            "defaults.example.com:5443",
            "defaults.json: DockerRegistry",
        ],
        ["Docker Hub is the built-in default", image, {}, {}, "docker.io", "built-in default"],
        [
            "without any registry setting or credentials, the image's own registry serves",
            { dockerImage: "ghcr.io/team/app:1" },
            {},
            {},
            "ghcr.io",
            "icm:dockerImage",
        ],
    ];

    for (const [name, stack, defaults, entry, server, field] of cases) {
        it(name, () => {
            const [node] = resolve(stack, defaults, [{ ...HOST, ...entry }]).nodes;

            assert.deepEqual(node.registry.server, { value: server, field });
        });
    }
});

describe("credential precedence", () => {
    const registry = { DockerImage: "team/app:1", DockerRegistry: "registry.example.com" };
    const cases: [string, StackValues, IcmDefaults, Partial<IcmDefinition>, string, string][] = [
        [
            "a definitions entry beats the stack config",
            { dockerUsername: "stack", dockerPassword: "stack-pw" },
            { ...registry, DockerUsername: "defaults", DockerPassword: "defaults-pw" },
            { DockerUsername: "entry", DockerPassword: "entry-pw" },
            "entry",
            "definitions.json[0].DockerUsername",
        ],
        [
            "the stack config beats defaults.json",
            { dockerUsername: "stack", dockerPassword: "stack-pw" },
            { ...registry, DockerUsername: "defaults", DockerPassword: "defaults-pw" },
            {},
            "stack",
            "icm:dockerUsername",
        ],
        [
            "defaults.json serves when nothing else sets them",
            {},
            { ...registry, DockerUsername: "defaults", DockerPassword: "defaults-pw" },
            {},
            "defaults",
            "defaults.json: DockerUsername",
        ],
    ];

    for (const [name, stack, defaults, entry, username, field] of cases) {
        it(name, () => {
            const [node] = resolve(stack, defaults, [{ ...HOST, ...entry }]).nodes;

            assert.deepEqual(node.registry.username, { value: username, field });
            assert.equal(node.registry.password?.value, `${username}-pw`);
        });
    }

    it("unescapes a password from defaults.json", () => {
        const settings = resolve(
            {},
            { ...registry, DockerUsername: "u", DockerPassword: "abc\\$def" },
        );

        assert.deepEqual(settings.registry.password, {
            value: "abc$def",
            field: "defaults.json: DockerPassword",
        });
    });

    it("unescapes a password from a definitions entry", () => {
        const entry = { ...HOST, DockerUsername: "u", DockerPassword: "a\\|b" };

        assert.equal(resolve({}, registry, [entry]).nodes[0].registry.password?.value, "a|b");
    });

    it("takes a password from the stack config literally", () => {
        const stack = { dockerUsername: "u", dockerPassword: "abc\\$def" };

        assert.equal(resolve(stack, registry).registry.password?.value, "abc\\$def");
    });

    it("pairs a user name from defaults.json with a password from the stack config", () => {
        const settings = resolve({ dockerPassword: "pw" }, { ...registry, DockerUsername: "u" });

        assert.equal(settings.registry.username?.field, "defaults.json: DockerUsername");
        assert.equal(settings.registry.password?.field, "icm:dockerPassword");
    });

    it("logs in to Docker Hub with credentials that name no registry, as ICM does", () => {
        const settings = resolve(
            {},
            { DockerImage: "team/app:1", DockerUsername: "u", DockerPassword: "p" },
        );

        assert.deepEqual(settings.registry.server, {
            value: "docker.io",
            field: "built-in default",
        });
        assert.equal(settings.registry.username?.value, "u");
    });

    it("keeps credentials written for one registry away from a node that uses another", () => {
        const defaults = { ...registry, DockerUsername: "u", DockerPassword: "p" };
        const entry = { ...HOST, DockerRegistry: "other.example.com" };
        const settings = resolve({}, defaults, [entry]);
        const unused = (field: string) =>
            `defaults.json: ${field}: is written for "registry.example.com" (defaults.json: DockerRegistry), ` +
            `but the registry in use is "other.example.com" (definitions.json[0].DockerRegistry), so it is not ` +
            `used there; give the credentials for "other.example.com" at the same place as ` +
            `definitions.json[0].DockerRegistry if it needs a login`;

        assert.deepEqual(settings.nodes[0].registry, {
            server: { value: "other.example.com", field: "definitions.json[0].DockerRegistry" },
            username: undefined,
            password: undefined,
        });
        assert.deepEqual(settings.warnings, [unused("DockerUsername"), unused("DockerPassword")]);
    });

    it("keeps defaults.json credentials away from a registry the stack config names", () => {
        const defaults = { ...registry, DockerUsername: "u", DockerPassword: "p" };
        const settings = resolve({ dockerRegistry: "mirror.example.com" }, defaults);

        assert.equal(settings.registry.server.value, "mirror.example.com");
        assert.equal(settings.registry.username, undefined);
        assert.equal(settings.warnings.length, 2);
    });

    it("uses credentials written without a registry for the registry set below them", () => {
        const stack = { dockerUsername: "u", dockerPassword: "p" };

        assert.equal(resolve(stack, registry).registry.username?.value, "u");
    });
});

describe("node settings", () => {
    const defaults = { DockerImage: "team/app:1", SSHUser: "icm", SSHPrivateKey: "/keys/id" };

    it("names nodes Label-Role-Tag-NNNN, counting each role from 0001", () => {
        const entries = [
            { Role: "DM", IPAddress: "10.0.0.1" },
            { Role: "AM", IPAddress: "10.0.0.2" },
            { Role: "AM", IPAddress: "10.0.0.3" },
            { Role: "DM", IPAddress: "10.0.0.4" },
        ];
        const names = (values: IcmDefaults) =>
            resolve({}, values, entries).nodes.map((node) => node.name);

        assert.deepEqual(names({ ...defaults, Label: "ANDY", Tag: "PROD" }), [
            "ANDY-DM-PROD-0001",
            "ANDY-AM-PROD-0001",
            "ANDY-AM-PROD-0002",
            "ANDY-DM-PROD-0002",
        ]);
        assert.equal(names(defaults)[0], "ICM-DM-TEST-0001");
    });

    it("connects to IPAddress when an entry gives it and DNSName both", () => {
        const entry = { Role: "DM", IPAddress: "10.0.0.5", DNSName: "dm.example.com" };

        assert.deepEqual(resolve({}, defaults, [entry]).nodes[0].host, {
            value: "10.0.0.5",
            field: "definitions.json[0].IPAddress",
        });
    });

    it("connects to DNSName when an entry gives no IPAddress", () => {
        const entry = { Role: "DM", DNSName: "dm.example.com" };

        assert.equal(resolve({}, defaults, [entry]).nodes[0].host.value, "dm.example.com");
    });

    it("takes SSHUser and SSHPrivateKey from the entry before defaults.json", () => {
        const [own, shared] = resolve({}, defaults, [
            { ...HOST, SSHUser: "admin", SSHPrivateKey: "/keys/admin" },
            { Role: "AM", IPAddress: "10.0.0.6" },
        ]).nodes;

        assert.deepEqual(own.sshUser, { value: "admin", field: "definitions.json[0].SSHUser" });
        assert.equal(own.sshPrivateKey?.value, "/keys/admin");
        assert.deepEqual(shared.sshUser, { value: "icm", field: "defaults.json: SSHUser" });
        assert.equal(shared.sshPrivateKey?.field, "defaults.json: SSHPrivateKey");
    });

    const init: [string, IcmDefaults, Partial<IcmDefinition>, boolean][] = [
        ["runs containers with --init by default", defaults, {}, true],
        [
            "follows DockerInit false in defaults.json",
            { ...defaults, DockerInit: false },
            {},
            false,
        ],
        [
            "lets an entry's DockerInit beat defaults.json",
            { ...defaults, DockerInit: false },
            { DockerInit: true },
            true,
        ],
        [
            "never adds --init to an IRIS image, which has its own init",
            { ...defaults, DockerInit: true },
            { DockerImage: "containers.intersystems.com/intersystems/irishealth-community:2024.1" },
            false,
        ],
    ];

    for (const [name, values, entry, expected] of init) {
        it(name, () => {
            assert.equal(
                resolve({}, values, [{ ...HOST, ...entry }]).nodes[0].dockerInit,
                expected,
            );
        });
    }

    it("resolves the node-less registry and image when there are no definitions", () => {
        const settings = resolve(
            { dockerImage: "intersystems/iris:2024.1" },
            {
                DockerRegistry: "containers.intersystems.com",
            },
        );

        assert.deepEqual(settings.nodes, []);
        assert.equal(settings.registry.server.value, "containers.intersystems.com");
        assert.equal(settings.dockerInit, false);
    });
});
