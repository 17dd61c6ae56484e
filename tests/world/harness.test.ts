import assert from "node:assert/strict";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";

import type { ResourceResult, RunResult } from "../harness/results";
import { destroy, preview, up } from "../harness/stack";
import { readState } from "../harness/state";
import { hostDocker, loadWorld, sshRun, worldHost, type WorldHost } from "../harness/world";

const fixtures = join(__dirname, "..", "harness", "fixtures");

interface Inspected {
    Id: string;
    State: { Running: boolean };
    Config: { Image: string; Env: string[]; Labels: Record<string, string>; Cmd: string[] };
    HostConfig: { Init: boolean; NetworkMode: string; RestartPolicy: { Name: string } };
}

/** The container as the host's own engine reports it, or undefined when it has none. */
async function inspect(host: WorldHost, container: string): Promise<Inspected | undefined> {
    const result = await hostDocker(host, ["container", "inspect", container]);
    return result.code === 0 ? (JSON.parse(result.stdout) as Inspected[])[0] : undefined;
}

function sshOptions(): string[] {
    const world = loadWorld();
    return [
        "-i",
        world.ssh.privateKey,
        "-o",
        `UserKnownHostsFile=${world.ssh.knownHosts}`,
        "-o",
        "StrictHostKeyChecking=yes",
        "-o",
        "BatchMode=yes",
    ];
}

function resource(result: RunResult, name: string): ResourceResult {
    const found = result.resources.find((r) => r.name === name);
    assert.ok(found, `the run declared no resource named ${name}`);
    return found;
}

function ops(result: RunResult, name: string): string[] {
    return result.steps.filter((s) => s.name === name).map((s) => s.op);
}

describe("the harness on a real host: commands over ssh and a container", () => {
    const world = loadWorld();
    const host = worldHost("host1");
    const markers = `${host.home}/harness-test`;
    const containerName = "harness-web";
    const deployer = world.users.deployer.password;
    const rotator = world.users.rotator.password;
    let dir: string;
    let stateFile: string;
    let privateKey: string;

    const config = (generation: string, secretInput: string) => ({
        address: host.address,
        user: host.user,
        port: host.port,
        hostKey: host.hostKey,
        privateKey,
        sshOpts: sshOptions(),
        markerDir: markers,
        generation,
        secretInput,
        containerName,
        image: `${world.registries.public.host}/${world.images.iris}`,
    });
    const options = (generation: string, secretInput: string) => ({
        program: join(fixtures, "hostStack.ts"),
        stateFile,
        config: config(generation, secretInput),
        secretKeys: ["privateKey", "secretInput"],
    });
    const marker = async (file: string) =>
        (await sshRun(host, `cat ${markers}/${file}`)).stdout.trim();
    const events = async () => (await marker("events")).split("\n");

    before(async () => {
        dir = await mkdtemp(join(tmpdir(), "harness-host-"));
        stateFile = join(dir, "state.json");
        privateKey = await readFile(world.ssh.privateKey, "utf8");
        await sshRun(host, `rm -rf ${markers}`);
        await hostDocker(host, ["rm", "-f", containerName]);
    });

    after(async () => {
        await sshRun(host, `rm -rf ${markers}`);
        await hostDocker(host, ["rm", "-f", containerName]);
        await rm(dir, { recursive: true, force: true });
    });

    let first: RunResult;
    let second: RunResult;

    it("creates the commands and a running container on the host", async () => {
        first = await up(options("1", deployer));

        assert.equal(first.error, undefined);
        assert.deepEqual([...(await events())].sort(), ["ordered create 1", "probe create 1"]);
        assert.equal(first.stackOutputs.probeStdout, "probe created");

        const container = await inspect(host, containerName);
        assert.equal(container?.Id, resource(first, "web").id);
        assert.equal(container?.State.Running, true);
        assert.equal(container?.Config.Image, config("1", deployer).image);
        assert.deepEqual(container?.Config.Cmd, ["/bin/sleep", "3600"]);
        assert.ok(container?.Config.Env.includes(`HARNESS_SECRET=${deployer}`));
        assert.equal(container?.Config.Labels["icm.harness"], "web");
        assert.equal(container?.HostConfig.Init, true);
        assert.equal(container?.HostConfig.NetworkMode, "host");
        assert.equal(container?.HostConfig.RestartPolicy.Name, "unless-stopped");
    });

    it("feeds stdin to the script, with the secret in no process's argv", async () => {
        assert.equal(await marker("stdin"), deployer);
        assert.equal(await marker("argv"), "clean");
    });

    it("keeps secret inputs wrapped and out of logs and errors", () => {
        assert.deepEqual(resource(first, "probe").secretPaths, ["connection", "stdin"]);
        assert.deepEqual(resource(first, "web").secretPaths, ["envs"]);
        assert.ok(!JSON.stringify(first.logs).includes(deployer));
        assert.ok(!JSON.stringify(first.stackOutputs).includes(deployer));
    });

    it("runs the update script when only a command's stdin changed", async () => {
        second = await up(options("1", rotator));

        assert.equal(second.error, undefined);
        assert.equal(resource(second, "probe").step, "update");
        assert.equal(resource(second, "ordered").step, "same");
        assert.deepEqual((await events()).slice(2), ["probe update 1"]);
        assert.equal(await marker("stdin"), rotator);
        assert.equal(await marker("argv"), "clean");
    });

    it("deletes a container before creating its replacement when deleteBeforeReplace is set", async () => {
        const old = resource(first, "web").id;
        const replacement = resource(second, "web").id;

        assert.deepEqual(ops(second, "web"), ["delete-replaced", "create-replacement"]);
        assert.notEqual(replacement, old);
        assert.equal(await inspect(host, old), undefined);
        assert.ok(
            (await inspect(host, containerName))?.Config.Env.includes(`HARNESS_SECRET=${rotator}`),
        );
    });

    it("replaces a command whose trigger changed: new one first unless deleteBeforeReplace", async () => {
        const containerBefore = resource(second, "web").id;

        const third = await up(options("2", rotator));

        assert.equal(third.error, undefined);
        const seen = await events();
        assert.ok(seen.indexOf("probe create 2") < seen.indexOf("probe delete 1"));
        assert.ok(seen.indexOf("ordered delete 1") < seen.indexOf("ordered create 2"));
        assert.deepEqual(ops(third, "probe"), ["create-replacement", "delete-replaced"]);
        assert.deepEqual(ops(third, "ordered"), ["delete-replaced", "create-replacement"]);
        assert.equal(resource(third, "web").step, "same");
        assert.equal((await inspect(host, containerName))?.Id, containerBefore);
    });

    it("previews changes without touching the host or the state", async () => {
        const eventsBefore = await events();
        const stateBefore = await readFile(stateFile, "utf8");

        const planned = await preview(options("3", rotator));

        assert.equal(planned.error, undefined);
        assert.deepEqual(ops(planned, "probe"), ["create-replacement", "delete-replaced"]);
        assert.deepEqual(await events(), eventsBefore);
        assert.equal(await readFile(stateFile, "utf8"), stateBefore);
    });

    it("destroys the container before the commands it depends on, then the provider", async () => {
        const result = await destroy({ stateFile });

        assert.equal(result.error, undefined);
        const order = result.steps.map((s) => s.name);
        assert.ok(order.indexOf("web") < order.indexOf("probe"));
        assert.ok(order.indexOf("web") < order.indexOf("ordered"));
        assert.ok(order.indexOf("web") < order.indexOf("engine"));
        assert.equal(await inspect(host, containerName), undefined);
        assert.deepEqual([...(await events()).slice(-2)].sort(), [
            "ordered delete 2",
            "probe delete 2",
        ]);
        assert.deepEqual((await readState(stateFile)).resources, []);
    });
});

describe("the harness's docker provider: in-place updates and a moved host", () => {
    const world = loadWorld();
    const [host1, host2] = [worldHost("host1"), worldHost("host2")];
    const containerName = "harness-moving";
    let dir: string;
    let stateFile: string;
    let onHost1: string;

    const options = (host: WorldHost, restart: string) => ({
        program: join(fixtures, "containerStack.ts"),
        stateFile,
        config: {
            dockerHost: `ssh://${host.user}@${host.address}:${host.port}`,
            sshOpts: sshOptions(),
            containerName,
            image: `${world.registries.public.host}/${world.images.webgateway}`,
            restart,
        },
    });

    before(async () => {
        dir = await mkdtemp(join(tmpdir(), "harness-moving-"));
        stateFile = join(dir, "state.json");
        await Promise.all([host1, host2].map((h) => hostDocker(h, ["rm", "-f", containerName])));
    });

    after(async () => {
        await Promise.all([host1, host2].map((h) => hostDocker(h, ["rm", "-f", containerName])));
        await rm(dir, { recursive: true, force: true });
    });

    it("changes a restart policy in place, keeping the container", async () => {
        onHost1 = resource(await up(options(host1, "no")), "web").id;

        const result = await up(options(host1, "always"));

        assert.equal(result.error, undefined);
        assert.equal(resource(result, "web").step, "update");
        const container = await inspect(host1, containerName);
        assert.equal(container?.Id, onHost1);
        assert.equal(container?.HostConfig.RestartPolicy.Name, "always");
    });

    it("moves the container when the provider's host changes", async () => {
        const result = await up(options(host2, "always"));

        assert.equal(result.error, undefined);
        assert.equal(resource(result, "engine").step, "replace");
        assert.equal(resource(result, "web").step, "replace");
        assert.equal(await inspect(host1, containerName), undefined);
        assert.equal((await inspect(host2, containerName))?.Id, resource(result, "web").id);
    });

    it("removes the moved container on destroy", async () => {
        const result = await destroy({ stateFile });

        assert.equal(result.error, undefined);
        assert.equal(await inspect(host2, containerName), undefined);
    });
});

describe("the harness's docker provider: pulling from the private registry", () => {
    const world = loadWorld();
    const host = worldHost("host3");
    const containerName = "harness-private";
    const image = `${world.registries.private.host}/${world.images.webgateway}`;
    let dir: string;

    const options = (stateFile: string, withCredentials: boolean) => ({
        program: join(fixtures, "containerStack.ts"),
        stateFile,
        config: {
            dockerHost: `ssh://${host.user}@${host.address}:${host.port}`,
            sshOpts: sshOptions(),
            containerName,
            image,
            ...(withCredentials && {
                registryAuth: [
                    {
                        address: world.registries.private.host,
                        username: world.users.deployer.username,
                        password: world.users.deployer.password,
                    },
                ],
            }),
        },
        secretKeys: ["registryAuth"],
    });

    before(async () => {
        dir = await mkdtemp(join(tmpdir(), "harness-private-"));
        await hostDocker(host, ["rm", "-f", containerName]);
        await hostDocker(host, ["image", "rm", "-f", image]);
    });

    after(async () => {
        await hostDocker(host, ["rm", "-f", containerName]);
        await hostDocker(host, ["image", "rm", "-f", image]);
        await rm(dir, { recursive: true, force: true });
    });

    it("fails to create the container when the provider has no credentials", async () => {
        const result = await up(options(join(dir, "anonymous.json"), false));

        assert.match(
            result.error ?? "",
            new RegExp(
                `^docker:index/container:Container "web": Unable to create container with image ${image}: unable to pull image`,
            ),
        );
        assert.equal(await inspect(host, containerName), undefined);
    });

    it("pulls with the provider's registryAuth, keeping the password out of logs", async () => {
        const stateFile = join(dir, "authenticated.json");

        const result = await up(options(stateFile, true));

        assert.equal(result.error, undefined);
        assert.equal((await inspect(host, containerName))?.Config.Image, image);
        assert.ok(!JSON.stringify(result.logs).includes(world.users.deployer.password));
        assert.equal((await destroy({ stateFile })).error, undefined);
    });
});
