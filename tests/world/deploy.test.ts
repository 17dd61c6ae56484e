import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";

import { escapeIcmPassword } from "../../icm";
import { LeakWatch, type Sightings } from "../harness/leakWatch";
import type { RunResult } from "../harness/results";
import { isSecret } from "../harness/secrets";
import { destroy, up } from "../harness/stack";
import { readState } from "../harness/state";
import {
    hostDocker,
    loadWorld,
    setRegistryPassword,
    sshRun,
    worldHost,
    type WorldHost,
} from "../harness/world";

const PROGRAM = join(__dirname, "..", "..", "index.ts");
const world = loadWorld();
const registry = world.registries.private.host;
const user = world.users.rotator.username;
const firstPassword = world.users.rotator.password;
const rotatedPassword = `${firstPassword}-rotated $(id) \`id\``;
const hosts = [worldHost("host1"), worldHost("host2")];
const nodes = [
    { name: "ICM-DATA-TEST-0001", container: "iris", image: "iris" as const, host: hosts[0] },
    {
        name: "ICM-WS-TEST-0001",
        container: "webgateway",
        image: "webgateway" as const,
        host: hosts[1],
    },
];

interface Inspected {
    State: { Running: boolean };
    Image: string;
    HostConfig: { Init: boolean | null; NetworkMode: string; RestartPolicy: { Name: string } };
}

let dir: string;
let stateFile: string;

/** Writes the ICM files for both nodes with `password`, and returns the stack config. */
async function icmFiles(password: string, extra: Record<string, string> = {}) {
    await writeFile(
        join(dir, "defaults.json"),
        JSON.stringify({
            Provider: "PreExisting",
            DockerRegistry: `https://${registry}`,
            DockerUsername: user,
            DockerPassword: escapeIcmPassword(password),
            DockerImage: world.images.iris,
            SSHPrivateKey: world.ssh.privateKey,
        }),
    );
    await writeFile(
        join(dir, "definitions.json"),
        JSON.stringify([
            { Role: "DATA", IPAddress: hosts[0].address, SSHUser: hosts[0].user },
            {
                Role: "WS",
                IPAddress: hosts[1].address,
                SSHUser: hosts[1].user,
                DockerImage: world.images.webgateway,
            },
        ]),
    );

    return {
        "icm:defaultsFile": join(dir, "defaults.json"),
        "icm:definitionsFile": join(dir, "definitions.json"),
        "icm:registryCaFile": world.caFile,
        "icm:sshKnownHostsFile": world.ssh.knownHosts,
        ...extra,
    };
}

/** `pulumi up` of the program while a watch looks for `needles` in every process. */
async function watchedUp(config: Record<string, string>, needles: string[]) {
    const watch = new LeakWatch(needles);
    const result = await up({ program: PROGRAM, stateFile, config });
    return { result, sightings: await watch.stop() };
}

/** The registry credentials a host's Docker client keeps, decoded, or undefined. */
async function storedLogin(host: WorldHost): Promise<string | undefined> {
    const result = await sshRun(host, "cat ~/.docker/config.json 2>/dev/null || echo '{}'");
    const config = JSON.parse(result.stdout) as { auths?: Record<string, { auth?: string }> };
    const auth = config.auths?.[registry]?.auth;
    return auth === undefined ? undefined : Buffer.from(auth, "base64").toString("utf8");
}

async function inspect(host: WorldHost, name: string): Promise<Inspected | undefined> {
    const result = await hostDocker(host, ["container", "inspect", name]);
    return result.code === 0 ? (JSON.parse(result.stdout) as Inspected[])[0] : undefined;
}

async function imageDigests(host: WorldHost, imageId: string): Promise<string[]> {
    const result = await hostDocker(host, [
        "image",
        "inspect",
        "--format",
        "{{json .RepoDigests}}",
        imageId,
    ]);
    return JSON.parse(result.stdout) as string[];
}

function stepsOf(result: RunResult, suffix: string): string[] {
    return result.steps.filter((step) => step.name.endsWith(suffix)).map((step) => step.op);
}

/** Every string the engine would keep or print in plain text after a run. */
function plainTexts(result: RunResult): string[] {
    const texts: string[] = [];
    const walk = (value: unknown): void => {
        if (isSecret(value)) {
            return;
        }
        if (typeof value === "string") {
            texts.push(value);
        } else if (Array.isArray(value)) {
            value.forEach(walk);
        } else if (typeof value === "object" && value !== null) {
            Object.values(value).forEach(walk);
        }
    };
    for (const resource of result.resources) {
        walk(resource.inputs);
        walk(resource.outputs);
    }
    walk(result.stackOutputs);
    texts.push(...result.logs.map((line) => line.message), result.error ?? "");
    return texts;
}

before(async () => {
    dir = await mkdtemp(join(tmpdir(), "icm-deploy-"));
    stateFile = join(dir, "state.json");
    await setRegistryPassword(user, firstPassword);
});

after(async () => {
    await destroy({ stateFile }).catch(() => undefined);
    await setRegistryPassword(user, firstPassword);
    for (const host of hosts) {
        await sshRun(host, `docker logout ${registry} >/dev/null 2>&1 || true`);
    }
    await rm(dir, { recursive: true, force: true });
});

describe("deploying from ICM files onto real hosts", () => {
    let first: { result: RunResult; sightings: Sightings };

    it("logs every host in, pulls the pinned image and runs the container", async () => {
        first = await watchedUp(await icmFiles(firstPassword), [firstPassword]);

        assert.equal(first.result.error, undefined, first.result.error);
        for (const node of nodes) {
            assert.equal(await storedLogin(node.host), `${user}:${firstPassword}`);

            const container = await inspect(node.host, node.container);
            assert.ok(
                container?.State.Running,
                `${node.container} is not running on ${node.host.name}`,
            );
            assert.equal(container.HostConfig.NetworkMode, "host");
            assert.equal(container.HostConfig.RestartPolicy.Name, "unless-stopped");
            assert.equal(Boolean(container.HostConfig.Init), node.image !== "iris");
            assert.ok(
                (await imageDigests(node.host, container.Image)).includes(
                    `${registry}/intersystems/${node.container}@${world.digests[node.image]}`,
                ),
            );
        }
    });

    it("shows the password in no command line, environment, output, plain input or log", () => {
        assert.ok(first.sightings.sweeps > 10, `only ${first.sightings.sweeps} sweeps of /proc`);
        assert.deepEqual(first.sightings.hits, []);
        for (const text of plainTexts(first.result)) {
            assert.ok(!text.includes(firstPassword), "a plain value holds the password");
        }
        const logins = first.result.resources.filter((r) => r.name.endsWith("-login"));
        assert.equal(logins.length, 2);
        assert.ok(logins.every((login) => login.secretPaths.includes("stdin")));
    });

    it("lets the engine work on both hosts at once: no node waits for another", async () => {
        const state = await readState(stateFile);
        for (const node of nodes) {
            const others = nodes.filter((other) => other !== node).map((other) => other.name);
            const mine = state.resources.filter((r) => r.urn.includes(`icm-${node.name}`));
            assert.ok(mine.length >= 4);
            for (const resource of mine) {
                const waitsFor = resource.dependencies.filter((urn) =>
                    others.some((other) => urn.includes(other)),
                );
                assert.deepEqual(waitsFor, [], `${resource.name} waits for another node`);
            }
        }
    });

    it("runs nothing again when nothing changed", async () => {
        const again = await up({
            program: PROGRAM,
            stateFile,
            config: await icmFiles(firstPassword),
        });

        assert.equal(again.error, undefined, again.error);
        assert.ok(
            again.steps.every((step) => step.op === "same"),
            JSON.stringify(again.steps),
        );
    });

    it("logs every host in again, in place, when the password is rotated", async () => {
        await setRegistryPassword(user, rotatedPassword);
        const rotation = await watchedUp(await icmFiles(rotatedPassword), [
            rotatedPassword,
            firstPassword,
        ]);

        assert.equal(rotation.result.error, undefined, rotation.result.error);
        assert.deepEqual(stepsOf(rotation.result, "-login"), ["update", "update"]);
        assert.deepEqual(rotation.sightings.hits, []);
        for (const node of nodes) {
            assert.equal(await storedLogin(node.host), `${user}:${rotatedPassword}`);
            // The host's own login must satisfy the registry now.
            const pull = await sshRun(
                node.host,
                `docker pull --quiet ${registry}/${world.images[node.image]}`,
            );
            assert.equal(pull.code, 0, pull.stderr);
        }
    });

    it("pulls the new image first, then replaces each container, on an upgrade", async () => {
        const config = await icmFiles(rotatedPassword, { "icm:image": world.images.iris2 });
        const upgrade = await up({ program: PROGRAM, stateFile, config });

        assert.equal(upgrade.error, undefined, upgrade.error);
        const order = upgrade.steps
            .filter((s) => s.name.startsWith("icm-ICM-DATA"))
            .map((s) => `${s.op} ${s.name.replace("icm-ICM-DATA-TEST-0001-", "")}`);
        assert.deepEqual(
            order.filter((line) => /pull|container/.test(line)),
            ["update pull", "delete-replaced container", "create-replacement container"],
        );
        // The override gives every node the new IRIS image, and so the container name "iris".
        for (const node of nodes) {
            const container = await inspect(node.host, "iris");
            assert.ok(container?.State.Running);
            assert.ok(
                (await imageDigests(node.host, container.Image)).includes(
                    `${registry}/intersystems/iris@${world.digests.iris2}`,
                ),
            );
        }
        assert.equal(await inspect(hosts[1], "webgateway"), undefined);
    });

    it("fails the node whose login is refused, naming the host and the registry", async () => {
        const config = await icmFiles("not the password", { "icm:verifyImages": "false" });
        const refused = await up({ program: PROGRAM, stateFile, config });

        assert.ok(refused.error, "the run did not fail");
        assert.match(
            refused.error,
            /ICM-DATA-TEST-0001 \(icmhost1@127\.0\.0\.11:22\): docker login to 127\.0\.0\.1:5443 failed/,
        );
        assert.match(
            refused.error,
            /ICM-WS-TEST-0001 \(icmhost2@127\.0\.0\.12:22\): docker login to 127\.0\.0\.1:5443 failed/,
        );
        assert.ok(!refused.error.includes("not the password"));
    });

    it("removes the containers and logs every host out when destroyed", async () => {
        const destroyed = await destroy({ stateFile });

        assert.equal(destroyed.error, undefined, destroyed.error);
        for (const node of nodes) {
            assert.equal(await inspect(node.host, node.container), undefined);
            assert.equal(await inspect(node.host, "iris"), undefined);
            assert.equal(await storedLogin(node.host), undefined);
        }
    });
});

describe("the watch for leaked secrets", () => {
    it("sees a secret in a process's command line", async () => {
        const needle = `leak-probe-${process.pid}`;
        const watch = new LeakWatch([needle]);
        const child = spawn("sh", ["-c", "sleep 0.5", needle]);
        await new Promise((resolve) => child.on("close", resolve));

        assert.equal((await watch.stop()).hits.length, 1);
    });
});
