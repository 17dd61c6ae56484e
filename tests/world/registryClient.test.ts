import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { after, describe, it } from "node:test";

import { DOCKER_HUB, parseImageReference, resolveImage, type ResolvedImage } from "../../reference";
import {
    CredentialsMissingError,
    CredentialsRefusedError,
    RegistryClient,
    RepositoryNotFoundError,
    TagNotFoundError,
    TlsUntrustedError,
    verifyImages,
    type RegistryClientOptions,
} from "../../registry";
import { request } from "undici";

import { loadWorld } from "../harness/world";

const world = loadWorld();
const privateHost = world.registries.private.host;
const publicHost = world.registries.public.host;
const deployer = world.users.deployer;
const DOCKER_V2 = "application/vnd.docker.distribution.manifest.v2+json";
const OCI_INDEX = "application/vnd.oci.image.index.v1+json";

const logs: string[] = [];
const clients: RegistryClient[] = [];

/** A client that trusts the world's CA and keeps its debug lines for the secrecy checks. */
function newClient(options: RegistryClientOptions = {}): RegistryClient {
    const client = new RegistryClient({
        caFiles: { [privateHost]: world.caFile },
        timeoutMs: 5_000,
        log: (line) => logs.push(line),
        ...options,
    });
    clients.push(client);
    return client;
}

function image(reference: string): ResolvedImage {
    return resolveImage(parseImageReference(reference, "test image"), DOCKER_HUB);
}

after(async () => {
    await Promise.all(clients.map((client) => client.close()));
});

describe("RegistryClient against the private registry (TLS, htpasswd)", () => {
    it("returns the manifest digest of an existing tag", async () => {
        const wanted = image(`${privateHost}/${world.images.iris}`);

        const info = await newClient().resolve(wanted, deployer);

        assert.deepEqual(info, { digest: world.digests.iris, mediaType: DOCKER_V2, image: wanted });
    });

    it("says the repository exists when only the tag is missing", async () => {
        const missing = image(`${privateHost}/intersystems/iris:1999.1`);

        await assert.rejects(newClient().resolve(missing, deployer), {
            name: "TagNotFoundError",
            message:
                `Image intersystems/iris:1999.1 was not found on registry ${privateHost}: the ` +
                'repository exists, but has no tag "1999.1". Check the tag in DockerImage.',
            status: 404,
            repositoryExists: true,
        });
    });

    it("names a missing repository", async () => {
        const missing = image(`${privateHost}/intersystems/iriss:2024.1`);

        await assert.rejects(newClient().resolve(missing, deployer), {
            name: "RepositoryNotFoundError",
            message:
                `Repository "intersystems/iriss" does not exist on registry ${privateHost} ` +
                '(looked for tag "2024.1"). Check the repository part of DockerImage and that ' +
                "DockerRegistry names the registry that holds it.",
            registry: privateHost,
            repository: "intersystems/iriss",
            reference: "2024.1",
        });
    });

    it("reports a wrong password without repeating it", async () => {
        const wrong = { username: deployer.username, password: "Wr0ng$pass|word" };

        const error = await newClient()
            .resolve(image(`${privateHost}/${world.images.iris}`), wrong)
            .then(
                () => assert.fail("resolved with a wrong password"),
                (reason: unknown) => reason,
            );

        assert.ok(error instanceof CredentialsRefusedError);
        assert.equal(error.status, 401);
        assert.match(error.message, /refused the credentials given for intersystems\/iris:2024\.1/);
        assertNoSecret(error.message, wrong);
    });

    it("asks for credentials, naming the config keys, when none are given", async () => {
        await assert.rejects(
            newClient().resolve(image(`${privateHost}/${world.images.iris}`)),
            (error: unknown) =>
                error instanceof CredentialsMissingError &&
                error.message.includes("`pulumi config set icm:dockerUsername <user>`") &&
                error.message.includes("`pulumi config set --secret icm:dockerPassword`"),
        );
    });

    it("reports an untrusted certificate when the registry's CA is not given", async () => {
        const client = newClient({ caFiles: {} });

        await assert.rejects(
            client.resolve(image(`${privateHost}/${world.images.iris}`), deployer),
            {
                name: "TlsUntrustedError",
                message:
                    `The TLS certificate of registry ${privateHost} is not trusted (unable to verify ` +
                    "the first certificate). Give the CA that signed it with " +
                    "`pulumi config set icm:registryCaFile <path to CA PEM>`.",
            },
        );
    });

    it("does not fall back to plain HTTP when the certificate is untrusted", async () => {
        const error = await newClient({ caFiles: {}, insecure: [privateHost] })
            .resolve(image(`${privateHost}/${world.images.iris}`), deployer)
            .catch((reason: unknown) => reason);

        assert.ok(error instanceof TlsUntrustedError, String(error));
    });

    it("checks a digest reference as a digest", async () => {
        const pinned = image(`${privateHost}/intersystems/iris@${world.digests.iris2}`);

        const info = await newClient().resolve(pinned, deployer);

        assert.equal(info.digest, world.digests.iris2);
        assert.equal(info.image, pinned);
    });

    it("names a digest the repository does not hold as a missing digest", async () => {
        const absent = `sha256:${"0".repeat(64)}`;
        const pinned = image(`${privateHost}/intersystems/iris@${absent}`);

        await assert.rejects(newClient().resolve(pinned, deployer), {
            name: "TagNotFoundError",
            message:
                `Image intersystems/iris@${absent} was not found on registry ${privateHost}: the ` +
                `repository exists, but has no digest "${absent}". Check the digest in DockerImage.`,
        });
    });

    it("prefers the digest when a reference has both a tag and a digest", async () => {
        const both = image(`${privateHost}/intersystems/iris:2024.1@${world.digests.iris2}`);

        const info = await newClient().resolve(both, deployer);

        assert.equal(info.digest, world.digests.iris2);
    });

    it("checks each distinct image once and answers in the order asked", async () => {
        const iris = image(`${privateHost}/${world.images.iris}`);
        const gateway = image(`${privateHost}/${world.images.webgateway}`);
        let manifestRequests = 0;
        const counting = new RegistryClient({
            caFiles: { [privateHost]: world.caFile },
            log: (line) => (manifestRequests += line.includes("/manifests/") ? 1 : 0),
        });
        clients.push(counting);

        const infos = await verifyImages(counting, [
            { image: iris, access: deployer },
            { image: gateway, access: deployer },
            { image: iris, access: deployer },
        ]);

        assert.deepEqual(
            infos.map((info) => info.digest),
            [world.digests.iris, world.digests.webgateway, world.digests.iris],
        );
        assert.equal(manifestRequests, 2);
    });

    it("reports every failed image at once", async () => {
        const checks = [
            { image: image(`${privateHost}/intersystems/iris:1999.1`), access: deployer },
            { image: image(`${privateHost}/${world.images.iris}`), access: deployer },
            { image: image(`${privateHost}/intersystems/nothing:1`), access: deployer },
        ];

        const error = await verifyImages(newClient(), checks).catch((reason: unknown) => reason);

        assert.ok(error instanceof AggregateError, String(error));
        assert.deepEqual(
            error.errors.map((e: unknown) => (e as Error).constructor),
            [TagNotFoundError, RepositoryNotFoundError],
        );
        assert.match(error.message, /^2 images failed their check:\n- Image intersystems/);
    });
});

describe("RegistryClient against the public registry (plain HTTP, anonymous)", () => {
    it("resolves an image anonymously after HTTPS fails", async () => {
        const wanted = image(`${publicHost}/${world.images.webgateway}`);

        const info = await newClient().resolve(wanted);

        assert.equal(info.digest, world.digests.webgateway);
        assert.equal(info.mediaType, DOCKER_V2);
    });

    it("finds a multi-platform index built from two existing manifests", async () => {
        const { digest, tag } = await pushIndex(publicHost);

        const info = await newClient().resolve(image(`${publicHost}/${INDEX_REPOSITORY}:${tag}`));

        assert.equal(info.digest, digest);
        assert.equal(info.mediaType, OCI_INDEX);
    });
});

describe("RegistryClient secrecy", () => {
    it("never writes a password or its Basic encoding into a debug line", () => {
        assert.ok(logs.length > 10, `only ${logs.length} debug lines were written`);

        for (const line of logs) {
            assertNoSecret(line, deployer);
        }
    });
});

function assertNoSecret(text: string, access: { username: string; password: string }): void {
    const basic = Buffer.from(`${access.username}:${access.password}`).toString("base64");

    assert.ok(!text.includes(access.password), `a password appears in: ${text}`);
    assert.ok(!text.includes(basic), `a Basic credential appears in: ${text}`);
}

const INDEX_REPOSITORY = "registry-tests/multiplatform";

/**
 * Builds a two-platform OCI index in a repository of its own on a plain-HTTP registry, from
 * the manifests of iris:2024.1 and 2024.2: their blobs are mounted, not uploaded again.
 */
async function pushIndex(host: string): Promise<{ digest: string; tag: string }> {
    const base = `http://${host}/v2`;
    const sources = [world.images.iris, world.images.iris2];
    const platforms = [
        { architecture: "amd64", os: "linux" },
        { architecture: "arm64", os: "linux" },
    ];

    const entries = [];
    for (const [index, source] of sources.entries()) {
        const [repository, tag] = source.split(":");
        const manifest = await send(`${base}/${repository}/manifests/${tag}`, "GET", {
            accept: DOCKER_V2,
        });
        const parsed = JSON.parse(manifest.body.toString("utf8")) as {
            config: { digest: string };
            layers: { digest: string }[];
        };

        for (const blob of [parsed.config, ...parsed.layers]) {
            const mount = `?mount=${blob.digest}&from=${repository}`;
            await send(`${base}/${INDEX_REPOSITORY}/blobs/uploads/${mount}`, "POST", {}, 201);
        }
        const digest = manifest.headers["docker-content-digest"] as string;
        await send(
            `${base}/${INDEX_REPOSITORY}/manifests/${digest}`,
            "PUT",
            { "content-type": DOCKER_V2 },
            201,
            manifest.body,
        );
        entries.push({
            mediaType: DOCKER_V2,
            digest,
            size: manifest.body.length,
            platform: platforms[index],
        });
    }

    const body = Buffer.from(
        JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, manifests: entries }),
    );
    const tag = "two-platforms";
    await send(
        `${base}/${INDEX_REPOSITORY}/manifests/${tag}`,
        "PUT",
        { "content-type": OCI_INDEX },
        201,
        body,
    );
    return { digest: `sha256:${createHash("sha256").update(body).digest("hex")}`, tag };
}

async function send(
    url: string,
    method: string,
    headers: Record<string, string>,
    expected = 200,
    body?: Buffer,
) {
    const response = await request(url, { method, headers, body });
    const bytes = Buffer.from(await response.body.arrayBuffer());
    assert.equal(response.statusCode, expected, `${method} ${url}: ${bytes.toString("utf8")}`);
    return { headers: response.headers, body: bytes };
}
