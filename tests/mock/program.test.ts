import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";

import {
    drain,
    failureOf,
    installMocks,
    isSecretValue,
    plainStrings,
    Recording,
    settle,
    useConfig,
} from "./support";

const recording = installMocks();
const PASSWORD = "Zq$7 |(s3cr3t)'\"\\;ü-Ω";
const FILES = {
    "icm:defaultsFile": "tests/fixtures/defaults.json",
    "icm:definitionsFile": "tests/fixtures/definitions.json",
    "icm:verifyImages": "false",
};

/** Runs the program once with `config` and returns what it registered and logged. */
async function run(
    config: Record<string, string>,
    secretKeys: string[] = [],
): Promise<{ outputs: Record<string, unknown>; registered: Recording }> {
    recording.resources.length = 0;
    recording.logs.length = 0;
    useConfig(config, secretKeys);

    const { main } = await import("../../program");
    const outputs = await main();
    await drain();

    return { outputs, registered: recording };
}

function named(registered: Recording, suffix: string) {
    return registered.resources.filter((resource) => resource.name.endsWith(suffix));
}

describe("the program", () => {
    it("declares credentials, and login, pull, provider and container per node", async () => {
        const { registered } = await run(FILES);

        const types = registered.resources.map((resource) => `${resource.type} ${resource.name}`);
        for (const node of ["Sample-DM-TEST-0001", "Sample-WS-TEST-0001"]) {
            assert.ok(types.includes(`icm:index:NodeDeployment icm-${node}`), types.join("\n"));
            assert.ok(types.includes(`command:remote:Command icm-${node}-login`));
            assert.ok(types.includes(`command:remote:Command icm-${node}-pull`));
            assert.ok(types.includes(`pulumi:providers:docker icm-${node}-docker`));
            assert.ok(types.includes(`docker:index/container:Container icm-${node}-container`));
        }
        assert.ok(types.includes("icm:index:RegistryCredentials icm-registry"));
    });

    it("gives each role its own image from definitions over defaults", async () => {
        const { registered } = await run(FILES);

        const pulls = named(registered, "-pull").map((r) => [r.name, r.inputs.create]);
        assert.deepEqual(pulls, [
            [
                "icm-Sample-DM-TEST-0001-pull",
                "docker pull --quiet '127.0.0.1:5443/intersystems/iris:2024.1'",
            ],
            [
                "icm-Sample-WS-TEST-0001-pull",
                "docker pull --quiet '127.0.0.1:5443/intersystems/webgateway:2024.1'",
            ],
        ]);
    });

    it("lets icm:image override every node's image, as ICM's -image did", async () => {
        const { registered } = await run({ ...FILES, "icm:image": "intersystems/iris:2024.2" });

        const images = named(registered, "-container").map((r) => r.inputs.image);
        assert.deepEqual(images, [
            "127.0.0.1:5443/intersystems/iris:2024.2",
            "127.0.0.1:5443/intersystems/iris:2024.2",
        ]);
    });

    it("sends the unescaped password only as a secret, on the login's standard input", async () => {
        const { registered } = await run(FILES);

        for (const login of named(registered, "-login")) {
            assert.ok(isSecretValue(login.inputs.stdin));
            assert.equal(login.inputs.stdin.value, `icm-deployer\n${PASSWORD}`);
            assert.ok(isSecretValue(login.inputs.connection));
        }
        for (const resource of registered.resources) {
            for (const { path, text } of plainStrings(resource.inputs)) {
                assert.ok(!text.includes(PASSWORD), `${resource.name}${path} holds the password`);
                assert.ok(!text.includes("s3cr3t"), `${resource.name}${path} holds part of it`);
            }
        }
        assert.ok(registered.logs.every((line) => !line.includes("s3cr3t")));
    });

    it("runs containers on the host network with --init except for IRIS", async () => {
        const { registered } = await run(FILES);

        const containers = named(registered, "-container").map((r) => [
            r.inputs.name,
            r.inputs.networkMode,
            r.inputs.init,
        ]);
        assert.deepEqual(containers, [
            ["iris", "host", false],
            ["webgateway", "host", true],
        ]);
    });

    it("connects the docker provider over SSH with the key and host-key checking", async () => {
        const { registered } = await run(FILES);

        const provider = named(registered, "Sample-DM-TEST-0001-docker")[0];
        assert.equal(provider.inputs.host, "ssh://icmuser@127.0.0.11:22");
        const sshOpts = JSON.parse(provider.inputs.sshOpts as string) as string[];
        assert.deepEqual(sshOpts.slice(0, 2), ["-i", "tests/fixtures/insecure_key"]);
        assert.ok(sshOpts.includes("StrictHostKeyChecking=accept-new"));
        assert.ok(!("registryAuth" in provider.inputs));
    });

    it("exports a summary per node and the image per role", async () => {
        const { outputs } = await run(FILES);

        const nodes = await settle(outputs.nodes as never);
        assert.deepEqual(
            (nodes as { name: string; role: string; host: string }[]).map((n) => [
                n.name,
                n.role,
                n.host,
            ]),
            [
                ["Sample-DM-TEST-0001", "DM", "127.0.0.11"],
                ["Sample-WS-TEST-0001", "WS", "127.0.0.12"],
            ],
        );
        const images = await settle(outputs.images as never);
        assert.deepEqual(images, [
            {
                role: "DM",
                registry: "127.0.0.1:5443",
                image: "127.0.0.1:5443/intersystems/iris:2024.1",
                digest: undefined,
            },
            {
                role: "WS",
                registry: "127.0.0.1:5443",
                image: "127.0.0.1:5443/intersystems/webgateway:2024.1",
                digest: undefined,
            },
        ]);
    });

    it("warns when the password was stored without --secret, and not when it was", async () => {
        const plain = await run({
            "icm:dockerImage": "127.0.0.1:5000/intersystems/iris:2024.1",
            "icm:dockerRegistry": "127.0.0.1:5000",
            "icm:dockerUsername": "u",
            "icm:dockerPassword": PASSWORD,
            "icm:verifyImages": "false",
        });
        assert.ok(
            plain.registered.logs.some((l) =>
                l.includes("pulumi config set --secret icm:dockerPassword"),
            ),
        );

        const secret = await run(
            {
                "icm:dockerImage": "127.0.0.1:5000/intersystems/iris:2024.1",
                "icm:dockerRegistry": "127.0.0.1:5000",
                "icm:dockerUsername": "u",
                "icm:dockerPassword": PASSWORD,
                "icm:verifyImages": "false",
            },
            ["icm:dockerPassword"],
        );
        assert.ok(!secret.registered.logs.some((l) => l.includes("stored in plain text")));
    });

    it("deploys onto this machine with no login when there are no definitions and no credentials", async () => {
        const { registered } = await run({
            "icm:dockerImage": "127.0.0.1:5000/intersystems/iris:2024.1",
            "icm:dockerRegistry": "127.0.0.1:5000",
            "icm:verifyImages": "false",
        });

        const types = registered.resources.map((r) => `${r.type} ${r.name}`);
        assert.ok(types.includes("command:local:Command icm-local-pull"));
        assert.ok(!types.some((t) => t.includes("-login")));
        assert.ok(types.includes("docker:index/container:Container icm-local-container"));
        const provider = named(registered, "icm-local-docker")[0];
        assert.equal(provider.inputs.host, undefined);
    });

    it("warns about the implied latest tag and advises pinning", async () => {
        const { registered } = await run({
            "icm:dockerImage": "127.0.0.1:5000/intersystems/iris",
            "icm:dockerRegistry": "127.0.0.1:5000",
            "icm:verifyImages": "false",
        });

        assert.ok(
            registered.logs.some((l) => /latest/.test(l) && /pin/.test(l)),
            registered.logs.join("\n"),
        );
    });

    it("refuses an image on another registry than DockerRegistry, naming both", async () => {
        const failure = await failureOf(() => {
            void run({
                "icm:dockerImage": "docker.io/intersystems/iris:2024.1",
                "icm:dockerRegistry": "127.0.0.1:5443",
                "icm:verifyImages": "false",
            });
        });

        assert.match(failure.message, /icm:dockerImage/);
        assert.match(failure.message, /icm:dockerRegistry/);
    });
});

describe("pinning host keys from a known_hosts file", () => {
    const KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFIzWujKwxK6lxKfcvZm6egId9";

    it("pins each node's key for the login, the pull and the docker provider", async () => {
        const file = join(tmpdir(), `icm-known-${process.pid}`);
        writeFileSync(file, `127.0.0.11 ${KEY}\n127.0.0.12 ${KEY}\n`);
        const { registered } = await run({ ...FILES, "icm:sshKnownHostsFile": file });

        const login = named(registered, "Sample-DM-TEST-0001-login")[0];
        assert.ok(isSecretValue(login.inputs.connection));
        assert.equal((login.inputs.connection.value as { hostKey: string }).hostKey, KEY);
        const provider = named(registered, "Sample-DM-TEST-0001-docker")[0];
        const sshOpts = JSON.parse(provider.inputs.sshOpts as string) as string[];
        assert.ok(sshOpts.includes("StrictHostKeyChecking=yes"));
        assert.ok(sshOpts.includes(`KnownHostsCommand=/bin/echo 127.0.0.11 ${KEY}`));
    });

    it("refuses a node the file has no key for, saying how to add one", async () => {
        const file = join(tmpdir(), `icm-known-partial-${process.pid}`);
        writeFileSync(file, `127.0.0.11 ${KEY}\n`);

        await assert.rejects(run({ ...FILES, "icm:sshKnownHostsFile": file }), {
            message: `icm:sshKnownHostsFile: ${file} has no key for 127.0.0.12 (tests/fixtures/definitions.json[1].IPAddress). Add it, after checking it, with \`ssh-keyscan 127.0.0.12 >> ${file}\`.`,
        });
    });
});

describe("container settings from stack config", () => {
    it("names every container as icm:containerName says, as ICM's -container did", async () => {
        const { registered } = await run({ ...FILES, "icm:containerName": "app" });

        assert.deepEqual(
            named(registered, "-container").map((r) => r.inputs.name),
            ["app", "app"],
        );
    });

    it("lets icm:dockerInit turn --init off, and never turns it on for IRIS", async () => {
        const off = await run({ ...FILES, "icm:dockerInit": "false" });
        assert.deepEqual(
            named(off.registered, "-container").map((r) => r.inputs.init),
            [false, false],
        );

        const on = await run({ ...FILES, "icm:dockerInit": "true" });
        assert.deepEqual(
            named(on.registered, "-container").map((r) => r.inputs.init),
            [false, true],
        );
    });

    it("refuses a malformed icm:dockerInit, naming the key", async () => {
        await assert.rejects(run({ ...FILES, "icm:dockerInit": "maybe" }), /icm:dockerInit/);
    });
});

describe("icm:dockerOptions, as ICM's -options", () => {
    it("gives every container the docker run flags the provider expresses", async () => {
        const { registered } = await run({
            ...FILES,
            "icm:dockerOptions": "--cap-add SYS_TIME --memory 4g --restart always -e 'MODE=a b'",
        });

        for (const container of named(registered, "-container")) {
            assert.deepEqual(container.inputs.capabilities, { adds: ["SYS_TIME"] });
            assert.equal(container.inputs.memory, 4096);
            assert.equal(container.inputs.restart, "always");
            assert.deepEqual(container.inputs.envs, ["MODE=a b"]);
        }
    });

    it("refuses flags the project sets itself, naming the key and never an --env value", async () => {
        await assert.rejects(
            run({ ...FILES, "icm:dockerOptions": "--name x -e TOKEN=s3cr3t-value --detach" }),
            (err: Error) =>
                err.message.includes("icm:dockerOptions") &&
                err.message.includes("--name") &&
                !err.message.includes("s3cr3t-value"),
        );
    });
});

describe("a stack with no settings at all", () => {
    it("deploys the public IRIS Community image onto this machine, saying so", async () => {
        const { registered } = await run({ "icm:verifyImages": "false" });

        const container = named(registered, "icm-local-container")[0];
        assert.equal(
            container.inputs.image,
            "containers.intersystems.com/intersystems/iris-community:latest-em",
        );
        assert.ok(registered.logs.some((line) => line.includes("No registry settings")));
    });

    it("asks for an image once any registry setting is given", async () => {
        await assert.rejects(
            run({ "icm:dockerRegistry": "127.0.0.1:5000", "icm:verifyImages": "false" }),
            /icm:dockerImage: no image is set/,
        );
    });
});

describe("node settings the program checks itself", () => {
    it("names icm:containerName when it is not a container name", async () => {
        await assert.rejects(run({ ...FILES, "icm:containerName": "-bad" }), {
            message:
                'icm:containerName "-bad" is not a container name; use letters, digits, "_", "." and "-", starting with a letter or digit.',
        });
    });

    it("names the setting an unreadable private key file came from", async () => {
        const defaults = join(tmpdir(), `icm-defaults-${process.pid}.json`);
        writeFileSync(
            defaults,
            JSON.stringify({
                SSHUser: "icmuser",
                SSHPrivateKey: "/nonexistent/id_ed25519",
                DockerRegistry: "127.0.0.1:5000",
                DockerImage: "intersystems/iris:2024.1",
            }),
        );

        await assert.rejects(run({ ...FILES, "icm:defaultsFile": defaults }), {
            message: `${defaults}: SSHPrivateKey: cannot read the private key file "/nonexistent/id_ed25519" (ENOENT). Give the path of the SSH private key for the node (ICM's SSHPrivateKey).`,
        });
    });
});
