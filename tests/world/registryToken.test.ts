import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { after, afterEach, describe, it } from "node:test";

import { DOCKER_HUB, parseImageReference, resolveImage, type ResolvedImage } from "../../reference";
import {
    AccessDeniedError,
    CredentialsMissingError,
    CredentialsRefusedError,
    RegistryClient,
    RepositoryNotFoundError,
    verifyImages,
} from "../../registry";
import {
    startTokenIssuer,
    type TokenIssuer,
    type TokenIssuerOptions,
} from "../harness/tokenIssuer";
import { loadWorld } from "../harness/world";

const world = loadWorld();
const registry = world.registries.token;
const deployer = world.users.deployer;

const clients: RegistryClient[] = [];
let issuer: TokenIssuer | undefined;
const logs: string[] = [];

/** Starts the issuer the token registry sends clients to (one at a time: it has one port). */
async function startIssuer(options: Partial<TokenIssuerOptions> = {}): Promise<TokenIssuer> {
    issuer = await startTokenIssuer({
        signingKeyFile: registry.signingKey,
        signingCertFile: registry.signingCert,
        issuer: registry.issuer,
        service: registry.service,
        users: [deployer],
        port: Number(new URL(registry.realm).port),
        ...options,
    });
    return issuer;
}

function newClient(): RegistryClient {
    const client = new RegistryClient({
        caFiles: { [registry.host]: world.caFile },
        timeoutMs: 5_000,
        log: (line) => logs.push(line),
    });
    clients.push(client);
    return client;
}

function image(key: keyof typeof world.images): ResolvedImage {
    const reference = `${registry.host}/${world.images[key]}`;

    return resolveImage(parseImageReference(reference, "test image"), DOCKER_HUB);
}

afterEach(async () => {
    await issuer?.close();
    issuer = undefined;
});

after(async () => {
    await Promise.all(clients.map((client) => client.close()));
});

describe("RegistryClient against the token registry", () => {
    it("resolves an image with a token the issuer signed for the deployer", async () => {
        const tokens = await startIssuer();

        const info = await newClient().resolve(image("iris"), deployer);

        assert.equal(info.digest, world.digests.iris);
        assert.deepEqual(tokens.requests, [
            { user: deployer.username, scope: "repository:intersystems/iris:pull", status: 200 },
        ]);
    });

    it("asks one token per repository and reuses it while it lasts", async () => {
        const tokens = await startIssuer();
        const client = newClient();

        await verifyImages(client, [
            { image: image("iris"), access: deployer },
            { image: image("iris2"), access: deployer },
            { image: image("webgateway"), access: deployer },
        ]);
        await client.resolve(image("iris"), deployer);

        assert.deepEqual(tokens.requests.map((request) => request.scope).sort(), [
            "repository:intersystems/iris:pull",
            "repository:intersystems/webgateway:pull",
        ]);
    });

    it("asks for a new token once the last one has expired", async () => {
        const tokens = await startIssuer({ expiresInSeconds: 1 });
        const client = newClient();

        await client.resolve(image("iris"), deployer);
        await sleep(1_100);
        await client.resolve(image("iris"), deployer);

        assert.equal(tokens.requests.length, 2);
    });

    it("reads a token sent only as access_token", async () => {
        await startIssuer({ tokenField: "access_token" });

        const info = await newClient().resolve(image("webgateway"), deployer);

        assert.equal(info.digest, world.digests.webgateway);
    });

    it("asks for credentials when the issuer gives anonymous callers no access", async () => {
        const tokens = await startIssuer({ anonymous: "no-access" });

        const error = await newClient()
            .resolve(image("iris"))
            .catch((reason: unknown) => reason);

        assert.ok(error instanceof CredentialsMissingError, String(error));
        assert.equal(error.status, 401);
        assert.match(error.message, /answers the same way when the repository does not exist/);
        assert.deepEqual(tokens.requests, [
            { user: undefined, scope: "repository:intersystems/iris:pull", status: 200 },
        ]);
    });

    it("asks for credentials when the issuer refuses anonymous callers", async () => {
        await startIssuer({ anonymous: "deny" });

        await assert.rejects(newClient().resolve(image("iris")), CredentialsMissingError);
    });

    it("reports credentials the issuer refuses, naming the token service", async () => {
        const wrong = { username: deployer.username, password: "n0t-the-Password" };
        await startIssuer();

        const error = await newClient()
            .resolve(image("iris"), wrong)
            .catch((reason: unknown) => reason);

        assert.ok(error instanceof CredentialsRefusedError, String(error));
        assert.match(
            error.message,
            /^The token service of registry 127\.0\.0\.1:5444 \(http:\/\/127\.0\.0\.1:5601\) refused/,
        );
        assert.ok(!error.message.includes(wrong.password));
    });

    it("reports denied access when the deployer's token does not cover the repository", async () => {
        await startIssuer({ deniedRepositories: ["intersystems/webgateway"] });

        const error = await newClient()
            .resolve(image("webgateway"), deployer)
            .catch((reason: unknown) => reason);

        assert.ok(error instanceof AccessDeniedError, String(error));
        assert.equal(error.status, 401);
    });

    it("names a missing repository behind token authentication", async () => {
        await startIssuer();
        const absent = `${registry.host}/intersystems/absent:1`;

        await assert.rejects(
            newClient().resolve(
                resolveImage(parseImageReference(absent, "test image"), DOCKER_HUB),
                deployer,
            ),
            RepositoryNotFoundError,
        );
    });

    it("never writes a token or password into a debug line", () => {
        assert.ok(logs.length > 5);
        for (const line of logs) {
            assert.ok(!line.includes(deployer.password), line);
            assert.ok(!/eyJ[\w-]+\.[\w-]+\./.test(line), `a JWT appears in: ${line}`);
        }
    });
});
