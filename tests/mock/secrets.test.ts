import assert from "node:assert/strict";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { before, describe, it } from "node:test";

import * as pulumi from "@pulumi/pulumi";

import {
    drain,
    failureOf,
    installMocks,
    isSecretValue,
    plainStrings,
    Recording,
    useConfig,
} from "./support";

const recording = installMocks();

// Distinctive enough that any leak, whole or in part, is unmistakable.
const PASSWORD = "Zq$7 |(s3cr3t)'\"\\;ü-Ω";
const FRAGMENTS = [PASSWORD, "s3cr3t", "Zq$7", "Zq\\$7"];
const ESCAPED = "Zq\\$7 \\|\\(s3cr3t\\)'\"\\\\\\;ü-Ω";
const REGISTRY = "127.0.0.1:5443";

let dir: string;

before(async () => {
    dir = await mkdtemp(join(tmpdir(), "icm-secrets-"));
    await writeFile(join(dir, "key"), "dummy key\n");
});

async function file(name: string, content: unknown): Promise<string> {
    const path = join(dir, name);
    await writeFile(path, typeof content === "string" ? content : JSON.stringify(content));
    return path;
}

function reset(): void {
    recording.resources.length = 0;
    recording.logs.length = 0;
}

/** Fails when any fragment of the password stands in plain inputs, logs or `errors`. */
function assertNoLeak(registered: Recording, errors: Error[] = []): void {
    for (const resource of registered.resources) {
        for (const { path, text } of plainStrings(resource.inputs)) {
            for (const fragment of FRAGMENTS) {
                assert.ok(!text.includes(fragment), `${resource.name}${path} shows the password`);
            }
        }
    }
    for (const line of [
        ...registered.logs,
        ...errors.map((err) => `${err.message}\n${err.stack}`),
    ]) {
        for (const fragment of FRAGMENTS) {
            assert.ok(!line.includes(fragment), `the password stands in: ${line.slice(0, 200)}`);
        }
    }
}

/** The logins' secret standard input: proof that the password did flow, as a secret. */
function loginInputs(registered: Recording): unknown[] {
    return registered.resources
        .filter((resource) => resource.name.endsWith("-login"))
        .map((resource) => resource.inputs.stdin)
        .map((stdin) => (isSecretValue(stdin) ? stdin.value : "NOT SECRET"));
}

async function runProgram(config: Record<string, string>, secretKeys: string[] = []) {
    reset();
    useConfig(
        { "icm:verifyImages": "false", "icm:sshPrivateKey": join(dir, "key"), ...config },
        secretKeys,
    );
    const { main } = await import("../../program");
    await main();
    await drain();
    return recording;
}

describe("the registry password", () => {
    it("stays secret when stored with --secret in stack config", async () => {
        const registered = await runProgram(
            {
                "icm:dockerRegistry": REGISTRY,
                "icm:dockerUsername": "deployer",
                "icm:dockerPassword": PASSWORD,
                "icm:dockerImage": "intersystems/iris:2024.1",
            },
            ["icm:dockerPassword"],
        );

        assert.deepEqual(loginInputs(registered), [`deployer\n${PASSWORD}`]);
        assertNoLeak(registered);
    });

    it("stays secret when stored in plain stack config, and the warning does not show it", async () => {
        const registered = await runProgram({
            "icm:dockerRegistry": REGISTRY,
            "icm:dockerUsername": "deployer",
            "icm:dockerPassword": PASSWORD,
            "icm:dockerImage": "intersystems/iris:2024.1",
        });

        assert.deepEqual(loginInputs(registered), [`deployer\n${PASSWORD}`]);
        assert.ok(registered.logs.some((line) => line.includes("stored in plain text")));
        assertNoLeak(registered);
    });

    it("stays secret when read, escaped, from defaults.json", async () => {
        const defaults = await file("defaults.json", {
            DockerRegistry: REGISTRY,
            DockerUsername: "deployer",
            DockerPassword: ESCAPED,
            DockerImage: "intersystems/iris:2024.1",
            SSHUser: "icmuser",
            DockerRegistery: "typo draws a warning",
        });
        const definitions = await file("definitions.json", [
            { Role: "DM", IPAddress: "127.0.0.11" },
            { Role: "WS", IPAddress: "127.0.0.12" },
        ]);
        const registered = await runProgram({
            "icm:defaultsFile": defaults,
            "icm:definitionsFile": definitions,
        });

        assert.deepEqual(loginInputs(registered), [
            `deployer\n${PASSWORD}`,
            `deployer\n${PASSWORD}`,
        ]);
        assert.ok(registered.logs.some((line) => line.includes("DockerRegistery")));
        assertNoLeak(registered);
    });

    it("stays secret when a definitions entry carries it", async () => {
        const definitions = await file("entry-definitions.json", [
            {
                Role: "DM",
                IPAddress: "127.0.0.11",
                SSHUser: "icmuser",
                DockerRegistry: REGISTRY,
                DockerUsername: "deployer",
                DockerPassword: ESCAPED,
                DockerImage: "intersystems/iris:2024.1",
            },
        ]);
        const registered = await runProgram({ "icm:definitionsFile": definitions });

        assert.deepEqual(loginInputs(registered), [`deployer\n${PASSWORD}`]);
        assertNoLeak(registered);
    });

    it("is not shown by the error for a password without a user name", async () => {
        reset();
        const failure = await failureOf(() => {
            void runProgram({
                "icm:dockerRegistry": REGISTRY,
                "icm:dockerPassword": PASSWORD,
                "icm:dockerImage": "intersystems/iris:2024.1",
            });
        });

        assert.match(failure.message, /icm:dockerUsername/);
        assertNoLeak(recording, [failure]);
    });

    it("is not shown by the error for a bad image or a broken file", async () => {
        const configs: Record<string, string>[] = [
            { "icm:dockerImage": "Intersystems/IRIS:2024.1" },
            {
                "icm:defaultsFile": await file(
                    "broken.json",
                    `{"DockerPassword": "${ESCAPED}",, }`,
                ),
            },
            {
                "icm:defaultsFile": await file("typed.json", {
                    DockerPassword: 42,
                    DockerUsername: PASSWORD,
                }),
            },
        ];
        for (const config of configs) {
            reset();
            const failure = await failureOf(() => {
                void runProgram({
                    "icm:dockerRegistry": REGISTRY,
                    "icm:dockerUsername": "deployer",
                    "icm:dockerPassword": PASSWORD,
                    ...config,
                });
            });

            assertNoLeak(recording, [failure]);
        }
    });

    it("stays secret through the components used directly, given plain or secret", async () => {
        reset();
        const { IcmCluster } = await import("../../components");
        for (const password of [PASSWORD, pulumi.secret(PASSWORD)]) {
            new IcmCluster(`direct-${typeof password}`, {
                registry: REGISTRY,
                username: "deployer",
                password,
                verifyImages: false,
                nodes: [
                    {
                        name: "n1",
                        role: "DM",
                        image: "intersystems/iris:2024.1",
                        connection: {
                            host: "127.0.0.11",
                            user: "icmuser",
                            privateKeyPath: join(dir, "key"),
                        },
                        container: { env: { ICM_TOKEN: pulumi.secret(PASSWORD) } },
                    },
                ],
            });
        }
        await drain();

        assert.deepEqual(loginInputs(recording), [
            `deployer\n${PASSWORD}`,
            `deployer\n${PASSWORD}`,
        ]);
        const containers = recording.resources.filter((r) => r.name.endsWith("-container"));
        assert.ok(containers.every((container) => isSecretValue(container.inputs.envs)));
        assertNoLeak(recording);
    });
});
