import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { after, describe, it } from "node:test";
import { promisify } from "node:util";
import { Agent, request } from "undici";
import {
    hostDocker,
    loadWorld,
    setRegistryPassword,
    sshRun,
    worldHost,
    worldSshEnv,
    type WorldImageKey,
    type WorldUser,
} from "../harness/world";

const world = loadWorld();
const agent = new Agent({ connect: { ca: readFileSync(world.caFile) } });
const imageKeys: WorldImageKey[] = ["iris", "iris2", "webgateway"];
const manifestType = "application/vnd.docker.distribution.manifest.v2+json";

after(() => agent.close());

function basic(user: WorldUser): string {
    const pair = `${user.username}:${user.password}`;

    return `Basic ${Buffer.from(pair, "utf8").toString("base64")}`;
}

async function get(url: string, headers: Record<string, string> = {}) {
    const response = await request(url, { dispatcher: agent, headers });
    await response.body.dump();

    return response;
}

async function manifestDigest(registry: string, image: string, user?: WorldUser) {
    const [repository, tag] = image.split(":");
    const scheme = registry === world.registries.public.host ? "http" : "https";
    const headers: Record<string, string> = { accept: manifestType };
    if (user !== undefined) {
        headers.authorization = basic(user);
    }

    const response = await get(
        `${scheme}://${registry}/v2/${repository}/manifests/${tag}`,
        headers,
    );
    assert.equal(response.statusCode, 200, `${image} on ${registry}`);
    return response.headers["docker-content-digest"];
}

describe("SSH test hosts", () => {
    it("answer over SSH as their own user", async () => {
        for (const host of world.hosts) {
            const result = await sshRun(host, "id -un");

            assert.equal(result.code, 0, result.stderr);
            assert.equal(result.stdout.trim(), host.user);
        }
    });

    it("give each host's sessions a Docker engine of its own", async () => {
        const ids = new Set<string>();

        for (const host of world.hosts) {
            const result = await sshRun(host, 'docker info --format "{{.ID}}"');
            const direct = await hostDocker(host, ["info", "--format", "{{.ID}}"]);

            assert.equal(result.code, 0, result.stderr);
            assert.equal(result.stdout.trim(), direct.stdout.trim());
            ids.add(result.stdout.trim());
        }

        assert.equal(ids.size, world.hosts.length);
    });

    it("keep a host's engine closed to the users of other hosts", async () => {
        const other = worldHost("host2");

        const result = await sshRun(worldHost("host1"), `docker -H ${other.dockerHost} info`);

        assert.notEqual(result.code, 0);
        assert.match(result.stderr, /permission denied/);
    });

    it("let docker -H ssh:// in through the world's ssh on PATH", async () => {
        const host = worldHost("host1");
        const url = `ssh://${host.user}@${host.address}`;

        const { stdout } = await promisify(execFile)(
            "docker",
            ["-H", url, "info", "--format", "{{.ID}}"],
            { env: worldSshEnv(), timeout: 60_000 },
        );

        const direct = await hostDocker(host, ["info", "--format", "{{.ID}}"]);
        assert.equal(stdout.trim(), direct.stdout.trim());
    });

    it("log in with a password read from standard input and pull from the private registry", async () => {
        const host = worldHost("host3");
        const { username, password } = world.users.deployer;
        const image = `${world.registries.private.host}/${world.images.iris}`;
        const script = [
            "IFS= read -r user",
            `docker login --username "$user" --password-stdin ${world.registries.private.host}`,
            `docker pull --quiet ${image}`,
        ].join(" && ");

        const login = await sshRun(host, script, `${username}\n${password}`);
        const inspected = await hostDocker(host, ["image", "inspect", image]);
        await sshRun(host, `docker logout ${world.registries.private.host}; docker rmi ${image}`);

        assert.equal(login.code, 0, login.stderr);
        assert.ok(inspected.stdout.includes(world.digests.iris), inspected.stderr);
    });
});

describe("registries", () => {
    const privateRegistry = `https://${world.registries.private.host}/v2/`;

    it("private refuses anonymous requests with a Basic challenge", async () => {
        const response = await get(privateRegistry);

        assert.equal(response.statusCode, 401);
        assert.match(String(response.headers["www-authenticate"]), /^Basic realm=/);
    });

    it("private accepts the deployer's credentials and refuses a wrong password", async () => {
        const deployer = world.users.deployer;
        const wrong = { ...deployer, password: `${deployer.password}x` };

        assert.equal(
            (await get(privateRegistry, { authorization: basic(deployer) })).statusCode,
            200,
        );
        assert.equal((await get(privateRegistry, { authorization: basic(wrong) })).statusCode, 401);
    });

    it("private applies a rotated password from the next request on", async () => {
        const rotator = world.users.rotator;
        const rotated = { ...rotator, password: `${rotator.password} rotated` };

        await setRegistryPassword(rotator.username, rotated.password);
        try {
            assert.equal(
                (await get(privateRegistry, { authorization: basic(rotated) })).statusCode,
                200,
            );
            assert.equal(
                (await get(privateRegistry, { authorization: basic(rotator) })).statusCode,
                401,
            );
        } finally {
            await setRegistryPassword(rotator.username, rotator.password);
        }
    });

    it("token sends clients to the issuer's realm for the test service", async () => {
        const token = world.registries.token;

        const response = await get(`https://${token.host}/v2/`);

        assert.equal(response.statusCode, 401);
        assert.equal(
            response.headers["www-authenticate"],
            `Bearer realm="${token.realm}",service="${token.service}"`,
        );
    });

    it("public serves every image anonymously, with one digest per image", async () => {
        const digests = [];

        for (const key of imageKeys) {
            const digest = await manifestDigest(world.registries.public.host, world.images[key]);
            assert.equal(digest, world.digests[key]);
            digests.push(digest);
        }

        assert.equal(new Set(digests).size, imageKeys.length);
    });

    it("private holds the same images with the same digests", async () => {
        for (const key of imageKeys) {
            const registry = world.registries.private.host;
            const digest = await manifestDigest(registry, world.images[key], world.users.deployer);

            assert.equal(digest, world.digests[key]);
        }
    });
});
