import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";

import { destroy, up } from "../harness/stack";
import { hostDocker, loadWorld, worldHost } from "../harness/world";

const run = promisify(execFile);
const PROGRAM = join(__dirname, "..", "..", "index.ts");
const world = loadWorld();
const registry = world.registries.public.host;
const host = worldHost("host3");
const TAG = `intersystems/iris:rolling-${process.pid}`;

let dir: string;
let stateFile: string;
let config: Record<string, string>;

/** Points the tag at another image on the public registry, as a new push would. */
async function push(source: string): Promise<void> {
    await run("skopeo", [
        "copy",
        "--quiet",
        "--src-tls-verify=false",
        "--dest-tls-verify=false",
        `docker://${registry}/${source}`,
        `docker://${registry}/${TAG}`,
    ]);
}

async function runningDigest(): Promise<string> {
    const container = await hostDocker(host, [
        "container",
        "inspect",
        "--format",
        "{{.Image}}",
        "iris",
    ]);
    const digests = await hostDocker(host, [
        "image",
        "inspect",
        "--format",
        "{{json .RepoDigests}}",
        container.stdout.trim(),
    ]);
    const found = (JSON.parse(digests.stdout) as string[]).find((d) =>
        d.startsWith(`${registry}/`),
    );
    return found?.split("@")[1] ?? "";
}

before(async () => {
    dir = await mkdtemp(join(tmpdir(), "icm-rolling-"));
    stateFile = join(dir, "state.json");
    await writeFile(
        join(dir, "definitions.json"),
        JSON.stringify([{ Role: "DATA", IPAddress: host.address, SSHUser: host.user }]),
    );
    config = {
        "icm:dockerRegistry": registry,
        "icm:dockerImage": TAG,
        "icm:definitionsFile": join(dir, "definitions.json"),
        "icm:sshPrivateKey": world.ssh.privateKey,
        "icm:sshKnownHostsFile": world.ssh.knownHosts,
    };
});

after(async () => {
    await destroy({ stateFile }).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
});

describe("a tag pushed again", () => {
    it("runs the digest the tag names at the first deployment", async () => {
        await push(world.images.iris);
        const result = await up({ program: PROGRAM, stateFile, config });

        assert.equal(result.error, undefined, result.error);
        assert.equal(await runningDigest(), world.digests.iris);
    });

    it("rolls the container onto the new image at the next deployment", async () => {
        await push(world.images.iris2);
        const result = await up({ program: PROGRAM, stateFile, config });

        assert.equal(result.error, undefined, result.error);
        const ops = result.steps.map(
            (step) => `${step.op} ${step.name.replace(/^icm-ICM-DATA-TEST-0001-/, "")}`,
        );
        assert.deepEqual(
            ops.filter((op) => /pull|container$/.test(op)),
            ["update pull", "delete-replaced container", "create-replacement container"],
        );
        assert.equal(await runningDigest(), world.digests.iris2);
    });
});
