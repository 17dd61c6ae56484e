import assert from "node:assert/strict";
import { after, afterEach, beforeEach, describe, it } from "node:test";

import { DOCKER_HUB, parseImageReference, resolveImage, type ResolvedImage } from "../../reference";
import {
    CredentialsMissingError,
    RateLimitedError,
    RegistryClient,
    RegistryProtocolError,
    RegistryUnreachableError,
    type RegistryClientOptions,
} from "../../registry";
import { startFaultProxy, type Fault, type FaultProxy } from "../harness/faultProxy";
import { loadWorld } from "../harness/world";

const world = loadWorld();
const MANIFESTS = /\/manifests\//;

let proxy: FaultProxy;
const clients: RegistryClient[] = [];

function newClient(options: RegistryClientOptions = {}): RegistryClient {
    const client = new RegistryClient({ timeoutMs: 5_000, ...options });
    clients.push(client);
    return client;
}

/** The public registry's iris image, reached through the fault proxy. */
function irisThroughProxy(): ResolvedImage {
    const reference = `${proxy.registry}/${world.images.iris}`;

    return resolveImage(parseImageReference(reference, "test image"), DOCKER_HUB);
}

/** Resolves through the proxy and says how long it took and how it ended. */
async function timed(client: RegistryClient) {
    const started = Date.now();
    const outcome = await client.resolve(irisThroughProxy()).then(
        (info) => ({ info, error: undefined }),
        (error: unknown) => ({ info: undefined, error }),
    );

    return { ...outcome, elapsed: Date.now() - started };
}

function inject(fault: Fault, times: number): void {
    proxy.inject({ path: MANIFESTS, fault, times });
}

beforeEach(async () => {
    proxy = await startFaultProxy(world.registries.public.host);
});

afterEach(async () => {
    await proxy.close();
});

after(async () => {
    await Promise.all(clients.map((client) => client.close()));
});

describe("RegistryClient facing a failing registry", () => {
    it("retries after a 500 and succeeds", async () => {
        inject({ kind: "status", status: 500 }, 1);

        const { info } = await timed(newClient());

        assert.equal(info?.digest, world.digests.iris);
        assert.equal(proxy.hits(MANIFESTS), 2);
    });

    it("waits as long as a 429's Retry-After asks, then succeeds", async () => {
        inject({ kind: "status", status: 429, headers: { "Retry-After": "1" } }, 1);

        const { info, elapsed } = await timed(newClient());

        assert.equal(info?.digest, world.digests.iris);
        assert.ok(elapsed >= 950 && elapsed < 5_000, `took ${elapsed} ms`);
    });

    it("gives up at once when Retry-After asks for longer than it would wait", async () => {
        inject({ kind: "status", status: 429, headers: { "Retry-After": "3600" } }, 1);

        const { error } = await timed(newClient());

        assert.ok(error instanceof RateLimitedError, String(error));
        assert.equal(error.retryAfterSeconds, 3600);
        assert.equal(proxy.hits(MANIFESTS), 1);
    });

    it("retries after a reset connection and succeeds", async () => {
        inject({ kind: "reset" }, 1);

        const { info } = await timed(newClient());

        assert.equal(info?.digest, world.digests.iris);
        assert.equal(proxy.hits(MANIFESTS), 2);
    });

    it("reports a reset connection when every attempt is reset", async () => {
        inject({ kind: "reset" }, 100);

        const { error } = await timed(newClient({ retries: 2 }));

        assert.ok(error instanceof RegistryUnreachableError, String(error));
        assert.equal(error.reason, "reset");
        assert.equal(proxy.hits(MANIFESTS), 3);
    });

    it("reports a server error after the last retry", async () => {
        inject({ kind: "status", status: 503 }, 100);

        const { error } = await timed(newClient({ retries: 2 }));

        assert.ok(error instanceof RegistryProtocolError, String(error));
        assert.equal(error.status, 503);
        assert.match(error.message, /answered HTTP 503; the registry is failing, try again later/);
        assert.equal(proxy.hits(MANIFESTS), 3);
    });

    it("stops waiting for an answer that never comes at the time limit", async () => {
        inject({ kind: "hang" }, 100);

        const { error, elapsed } = await timed(newClient({ timeoutMs: 1_000 }));

        assert.ok(error instanceof RegistryUnreachableError, String(error));
        assert.equal(error.reason, "timeout");
        assert.match(error.message, /it did not answer in time \(no answer within 1000 ms\)/);
        assert.ok(elapsed >= 950 && elapsed < 4_000, `took ${elapsed} ms`);
    });
});

describe("RegistryClient reading a manifest answer", () => {
    it("hashes the manifest itself when the registry sends no digest", async () => {
        inject({ kind: "rewrite", headers: { "docker-content-digest": null } }, 2);

        const { info } = await timed(newClient());

        assert.equal(info?.digest, world.digests.iris);
        assert.equal(proxy.hits(MANIFESTS), 2);
    });

    it("refuses an answer whose digest differs from the digest asked for", async () => {
        inject({ kind: "rewrite", headers: { "docker-content-digest": world.digests.iris2 } }, 1);
        const pinned = `${proxy.registry}/intersystems/iris@${world.digests.iris}`;

        const error = await newClient()
            .resolve(resolveImage(parseImageReference(pinned, "test image"), DOCKER_HUB))
            .catch((reason: unknown) => reason);

        assert.ok(error instanceof RegistryProtocolError, String(error));
        assert.match(error.message, new RegExp(`it answered with ${world.digests.iris2}`));
    });
});

describe("RegistryClient facing a registry that guards repositories behind an open /v2/", () => {
    const guard: Fault = {
        kind: "status",
        status: 401,
        headers: { "WWW-Authenticate": 'Basic realm="guarded"' },
    };

    it("logs in with Basic credentials when the manifest request asks for them", async () => {
        inject(guard, 1);

        const info = await newClient().resolve(irisThroughProxy(), {
            username: "someone",
            password: "secret",
        });

        assert.equal(info.digest, world.digests.iris);
        assert.equal(proxy.hits(MANIFESTS), 2);
    });

    it("asks for credentials when the manifest request wants them and none are given", async () => {
        inject(guard, 1);

        const { error } = await timed(newClient());

        assert.ok(error instanceof CredentialsMissingError, String(error));
        assert.equal(proxy.hits(MANIFESTS), 1);
    });
});

describe("RegistryClient behind an HTTP proxy", () => {
    const saved = { ...process.env };

    afterEach(() => {
        for (const name of [
            "HTTP_PROXY",
            "HTTPS_PROXY",
            "NO_PROXY",
            "http_proxy",
            "https_proxy",
            "no_proxy",
        ]) {
            if (saved[name] === undefined) delete process.env[name];
            else process.env[name] = saved[name];
        }
    });

    it("tunnels through HTTPS_PROXY and HTTP_PROXY", async () => {
        process.env.HTTPS_PROXY = proxy.proxyUrl;
        process.env.HTTP_PROXY = proxy.proxyUrl;
        delete process.env.NO_PROXY;
        const publicImage = `${world.registries.public.host}/${world.images.webgateway}`;

        const info = await newClient().resolve(
            resolveImage(parseImageReference(publicImage, "test image"), DOCKER_HUB),
        );

        assert.equal(info.digest, world.digests.webgateway);
        assert.ok(proxy.tunnels.includes(world.registries.public.host), proxy.tunnels.join());
    });

    it("goes direct to hosts NO_PROXY names", async () => {
        process.env.HTTPS_PROXY = proxy.proxyUrl;
        process.env.HTTP_PROXY = proxy.proxyUrl;
        process.env.NO_PROXY = "127.0.0.1";
        const publicImage = `${world.registries.public.host}/${world.images.webgateway}`;

        await newClient().resolve(
            resolveImage(parseImageReference(publicImage, "test image"), DOCKER_HUB),
        );

        assert.deepEqual(proxy.tunnels, []);
    });
});
