import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";

import { LeakWatch } from "../harness/leakWatch";
import type { RunResult } from "../harness/results";
import { destroy, up } from "../harness/stack";
import { hostDocker, loadWorld, sshRun, worldHost, type WorldHost } from "../harness/world";

const PROGRAM = join(__dirname, "fixtures", "nodeProgram.ts");
const world = loadWorld();
const host = worldHost("host2");
const deployer = world.users.deployer;
const TOKEN = "tok$en |(x)'\"\\;ü";

interface Inspected {
    Id: string;
    State: { Running: boolean };
    Config: { Env: string[]; Cmd: string[] };
    HostConfig: {
        NetworkMode: string;
        RestartPolicy: { Name: string };
        Binds: string[] | null;
        PortBindings: Record<string, { HostPort: string }[]> | null;
        Init: boolean | null;
    };
}

let dir: string;

before(async () => {
    dir = await mkdtemp(join(tmpdir(), "icm-node-"));
});

after(async () => {
    await rm(dir, { recursive: true, force: true });
});

async function inspect(target: WorldHost, name: string): Promise<Inspected | undefined> {
    const result = await hostDocker(target, ["container", "inspect", name]);
    return result.code === 0 ? (JSON.parse(result.stdout) as Inspected[])[0] : undefined;
}

function scenario(target: WorldHost, overrides: Record<string, unknown>) {
    return {
        registry: world.registries.public.host,
        image: `${world.registries.public.host}/${world.images.webgateway}`,
        host: target.address,
        user: target.user,
        privateKeyPath: world.ssh.privateKey,
        hostKey: target.hostKey,
        ...overrides,
    };
}

describe("NodeDeployment on a real host", () => {
    const stateFile = () => join(dir, "node-state.json");
    const asked = {
        container: {
            name: "icm-node-test",
            restart: "on-failure",
            networkMode: "none",
            env: { HTTP_PORT: "18080", ROLE: "WS" },
            volumes: [{ hostPath: "/tmp", containerPath: "/data", readOnly: true }],
            command: ["/bin/sleep", "600"],
        },
        secretEnv: { ICM_TOKEN: TOKEN },
    };

    after(async () => {
        await destroy({ stateFile: stateFile() });
    });

    it("runs the container with the name, environment, volumes, command and network asked", async () => {
        const result = await up({
            program: PROGRAM,
            stateFile: stateFile(),
            config: {
                scenario: scenario(host, asked),
            },
        });

        assert.equal(result.error, undefined, result.error);
        const container = await inspect(host, "icm-node-test");
        assert.ok(container?.State.Running);
        assert.equal(container.HostConfig.NetworkMode, "none");
        assert.equal(container.HostConfig.RestartPolicy.Name, "on-failure");
        assert.deepEqual(container.HostConfig.Binds, ["/tmp:/data:ro"]);
        assert.deepEqual(container.Config.Cmd, ["/bin/sleep", "600"]);
        for (const variable of ["HTTP_PORT=18080", "ROLE=WS", `ICM_TOKEN=${TOKEN}`]) {
            assert.ok(container.Config.Env.includes(variable), `${variable} is missing`);
        }
        assert.equal(result.stackOutputs.containerId, container.Id);
        assert.ok(
            !result.resources.some((r) => r.name === "node-login"),
            "a public registry got a login",
        );
    });

    it("keeps a secret environment value out of plain inputs", async () => {
        const result = await up({
            program: PROGRAM,
            stateFile: stateFile(),
            config: {
                scenario: scenario(host, asked),
            },
        });

        const container = result.resources.find((r) => r.name === "node-container");
        assert.ok(container?.secretPaths.includes("envs"));
        assert.ok(result.steps.every((step) => step.op === "same"));
    });

    it("serves on the host's own ports on the host network, the default", async () => {
        const result = await up({
            program: PROGRAM,
            stateFile: stateFile(),
            config: {
                scenario: scenario(host, {
                    container: { name: "icm-node-test", env: { HTTP_PORT: "18081" } },
                }),
            },
        });

        assert.equal(result.error, undefined, result.error);
        const container = await inspect(host, "icm-node-test");
        assert.equal(container?.HostConfig.NetworkMode, "host");
        const answer = await sshRun(
            host,
            "wget -q -O - http://127.0.0.1:18081/ 2>&1 || curl -s http://127.0.0.1:18081/",
        );
        assert.match(answer.stdout, /webgateway/);
    });
});

describe("a user name made of shell syntax", () => {
    const stateFile = () => join(dir, "shell-state.json");
    const target = worldHost("host1");
    const marker = `/tmp/icm-pwned-${process.pid}`;

    after(async () => {
        await destroy({ stateFile: stateFile() });
        await rm(marker, { force: true });
    });

    it("is sent to the registry as data and runs nothing on the host", async () => {
        const result = await up({
            program: PROGRAM,
            stateFile: stateFile(),
            config: {
                scenario: scenario(target, {
                    registry: world.registries.private.host,
                    username: `$(touch ${marker})';touch ${marker};'\`touch ${marker}\``,
                    image: `${world.registries.private.host}/${world.images.iris}`,
                    container: { name: "icm-shell-test" },
                }),
                password: deployer.password,
            },
            secretKeys: ["password"],
        });

        assert.ok(result.error, "a login with that user name should be refused");
        assert.match(result.error, /docker login to 127\.0\.0\.1:5443 failed/);
        const exists = await sshRun(target, `test -e ${marker} && echo yes || echo no`);
        assert.equal(exists.stdout.trim(), "no");
    });
});

describe("a login on a real host", () => {
    const stateFile = () => join(dir, "login-state.json");
    const target = worldHost("host1");
    let result: RunResult;

    after(async () => {
        await destroy({ stateFile: stateFile() });
    });

    it("passes the password in no process's command line or environment", async () => {
        const watch = new LeakWatch([deployer.password]);
        result = await up({
            program: PROGRAM,
            stateFile: stateFile(),
            config: {
                scenario: scenario(target, {
                    registry: world.registries.private.host,
                    username: deployer.username,
                    image: `${world.registries.private.host}/${world.images.iris}`,
                    container: { name: "icm-login-test" },
                }),
                password: deployer.password,
            },
            secretKeys: ["password"],
        });
        const sightings = await watch.stop();

        assert.equal(result.error, undefined, result.error);
        assert.deepEqual(sightings.hits, []);
        assert.ok(sightings.sweeps > 5);
        const login = result.resources.find((r) => r.name === "node-login");
        assert.ok(login, "no login was declared");
        assert.ok(login.secretPaths.includes("stdin"));
        assert.ok(!JSON.stringify(login.outputs.stdout ?? "").includes(deployer.password));
        assert.ok((await inspect(target, "icm-login-test"))?.State.Running);
    });
});
