/**
 * Writes world.json, the description of the running world that tests load through
 * tests/harness/world.ts. It holds the test passwords, so only root may read it.
 * Usage: write-world.ts <world dir> <host,host,...> <iris image> <iris2 image> <webgateway image>
 */
import { readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { request } from "undici";
import type { World, WorldHost, WorldImageKey, WorldRegistry } from "../../harness/world";

const imageKeys: WorldImageKey[] = ["iris", "iris2", "webgateway"];

function registry(dir: string, name: string, host: string, auth: WorldRegistry["auth"]) {
    const folder = `${dir}/registries/${name}`;

    return {
        host,
        tls: auth !== "none",
        auth,
        log: `${folder}/access.log`,
        errorLog: `${folder}/registry.log`,
        storage: `${folder}/storage`,
        config: `${folder}/config.yml`,
    };
}

function host(dir: string, name: string): WorldHost {
    const index = name.replace("host", "");

    return {
        name,
        address: `127.0.0.1${index}`,
        port: 22,
        user: `icmhost${index}`,
        home: `/home/icmhost${index}`,
        dockerHost: `unix://${dir}/run/${name}.sock`,
        hostKey: readFileSync(`${dir}/hosts/${name}/ssh_host_ed25519_key.pub`, "utf8")
            .split(" ")
            .slice(0, 2)
            .join(" "),
    };
}

async function digest(image: string): Promise<string> {
    const [repository, tag] = image.split(":");
    const url = `http://127.0.0.1:5000/v2/${repository}/manifests/${tag}`;
    const accept = "application/vnd.docker.distribution.manifest.v2+json";

    const response = await request(url, { method: "HEAD", headers: { accept } });
    await response.body.dump();
    const value = response.headers["docker-content-digest"];
    if (response.statusCode !== 200 || typeof value !== "string") {
        throw new Error(`HEAD ${url} answered ${response.statusCode} without a digest`);
    }
    return value;
}

function byImage<T>(values: T[]): Record<WorldImageKey, T> {
    return Object.fromEntries(imageKeys.map((key, i) => [key, values[i]])) as Record<
        WorldImageKey,
        T
    >;
}

async function main(): Promise<void> {
    const [dir, hostList, ...images] = process.argv.slice(2);
    const password = (name: string) => readFileSync(`${dir}/secrets/${name}.password`, "utf8");

    const world: World = {
        dir,
        caFile: `${dir}/ca/ca.crt`,
        users: {
            deployer: { username: "icm-deployer", password: password("deployer") },
            rotator: { username: "icm-rotator", password: password("rotator") },
        },
        htpasswd: `${dir}/htpasswd`,
        registries: {
            private: registry(dir, "private", "127.0.0.1:5443", "basic"),
            public: registry(dir, "public", "127.0.0.1:5000", "none"),
            token: {
                ...registry(dir, "token", "127.0.0.1:5444", "token"),
                realm: "http://127.0.0.1:5601/token",
                service: "icm-test-registry",
                issuer: "icm-test-issuer",
                signingKey: `${dir}/token/signing.key`,
                signingCert: `${dir}/token/signing.crt`,
            },
        },
        hosts: hostList.split(",").map((name) => host(dir, name)),
        ssh: {
            privateKey: `${dir}/ssh/id_ed25519`,
            publicKey: `${dir}/ssh/id_ed25519.pub`,
            knownHosts: `${dir}/ssh/known_hosts`,
            config: `${dir}/ssh/config`,
            binDir: `${dir}/bin`,
        },
        builder: { dockerHost: `unix://${dir}/run/builder.sock` },
        images: byImage(images),
        digests: byImage(await Promise.all(images.map(digest))),
    };

    // Readers poll for world.json: it appears whole or not at all.
    const temporary = `${dir}/world.json.tmp`;
    rmSync(temporary, { force: true });
    writeFileSync(temporary, `${JSON.stringify(world, null, 4)}\n`, { mode: 0o600 });
    renameSync(temporary, `${dir}/world.json`);
}

main().catch((error: unknown) => {
    console.error(`writing world.json failed: ${String(error)}`);
    process.exitCode = 1;
});
