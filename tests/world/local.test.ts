import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";

import { destroy, up } from "../harness/stack";
import { loadWorld } from "../harness/world";

const run = promisify(execFile);
const PROGRAM = join(__dirname, "..", "..", "index.ts");
const world = loadWorld();
const registry = world.registries.private.host;

let dir: string;
let stateFile: string;
const saved = { DOCKER_HOST: process.env.DOCKER_HOST, DOCKER_CONFIG: process.env.DOCKER_CONFIG };

/** The builder engine stands in for the Docker of the machine running Pulumi. */
async function localDocker(args: string[]): Promise<string> {
    const { stdout } = await run("docker", ["-H", world.builder.dockerHost, ...args]);
    return stdout.trim();
}

before(async () => {
    dir = await mkdtemp(join(tmpdir(), "icm-local-"));
    stateFile = join(dir, "state.json");
    // What the program runs locally reaches the builder engine, with its own client config.
    process.env.DOCKER_HOST = world.builder.dockerHost;
    process.env.DOCKER_CONFIG = join(dir, "docker-config");
});

after(async () => {
    await destroy({ stateFile }).catch(() => undefined);
    process.env.DOCKER_HOST = saved.DOCKER_HOST;
    process.env.DOCKER_CONFIG = saved.DOCKER_CONFIG;
    await rm(dir, { recursive: true, force: true });
});

describe("the program without definitions", () => {
    const config = {
        "icm:dockerRegistry": registry,
        "icm:dockerUsername": world.users.deployer.username,
        "icm:dockerPassword": world.users.deployer.password,
        "icm:dockerImage": world.images.webgateway,
        "icm:registryCaFile": world.caFile,
        "icm:dockerOptions": "--memory 64m --cap-add SYS_TIME -e 'MODE=a b' --label tier=web",
    };

    it("logs this machine in, pulls and runs the container on its own Docker, as -options asks", async () => {
        const result = await up({
            program: PROGRAM,
            stateFile,
            config,
            secretKeys: ["icm:dockerPassword"],
        });

        assert.equal(result.error, undefined, result.error);
        const types = result.resources.map((r) => `${r.type} ${r.name}`);
        assert.ok(types.includes("command:local:Command icm-local-login"));
        assert.ok(types.includes("command:local:Command icm-local-pull"));
        assert.equal(
            await localDocker(["inspect", "--format", "{{.State.Running}}", "webgateway"]),
            "true",
        );
        const stored = JSON.parse(
            await readFile(join(dir, "docker-config", "config.json"), "utf8"),
        ) as {
            auths: Record<string, unknown>;
        };
        assert.ok(registry in stored.auths);
    });

    it("removes the container and logs this machine out when destroyed", async () => {
        const result = await destroy({ stateFile });

        assert.equal(result.error, undefined, result.error);
        await assert.rejects(localDocker(["inspect", "webgateway"]));
        const stored = JSON.parse(
            await readFile(join(dir, "docker-config", "config.json"), "utf8"),
        ) as {
            auths: Record<string, unknown>;
        };
        assert.ok(!(registry in stored.auths));
    });
});
