/**
 * Copies the test images from the public registry to the token registry. The tests run
 * the token issuer themselves, so this script signs its own short-lived push token with
 * the world's signing key instead. Usage: push-token-registry.ts <world dir> <image>...
 */
import { createHash, createPrivateKey, randomUUID, sign, X509Certificate } from "node:crypto";
import { readFileSync } from "node:fs";
import { Agent, request } from "undici";

interface Descriptor {
    digest: string;
}

interface Manifest {
    config: Descriptor;
    layers: Descriptor[];
}

const source = "http://127.0.0.1:5000";
const target = "https://127.0.0.1:5444";
const manifestType = "application/vnd.docker.distribution.manifest.v2+json";

function base64url(data: string | Buffer): string {
    return Buffer.from(data).toString("base64url");
}

/** Signs a token as distribution 2.8 verifies it: ES256, the signing certificate in x5c. */
function pushToken(worldDir: string, repositories: string[]): string {
    const certificate = new X509Certificate(readFileSync(`${worldDir}/token/signing.crt`));
    const key = createPrivateKey(readFileSync(`${worldDir}/token/signing.key`));
    const now = Math.floor(Date.now() / 1000);
    const header = { alg: "ES256", typ: "JWT", x5c: [certificate.raw.toString("base64")] };
    const claims = {
        iss: "icm-test-issuer",
        sub: "icm-test-world",
        aud: "icm-test-registry",
        exp: now + 300,
        nbf: now - 10,
        iat: now,
        jti: randomUUID(),
        access: repositories.map((name) => ({
            type: "repository",
            name,
            actions: ["pull", "push"],
        })),
    };

    const input = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`;
    const signature = sign("sha256", Buffer.from(input), { key, dsaEncoding: "ieee-p1363" });
    return `${input}.${base64url(signature)}`;
}

class Copier {
    constructor(
        private readonly agent: Agent,
        private readonly token: string,
    ) {}

    /** Sends a request and fails, with the registry's answer, on any other status. */
    async send(
        url: string,
        expected: number,
        options: {
            method?: "GET" | "POST" | "PUT";
            headers?: Record<string, string>;
            body?: Buffer;
        } = {},
    ) {
        const method = options.method ?? "GET";
        const headers = { ...options.headers };
        if (url.startsWith(target)) {
            headers.authorization = `Bearer ${this.token}`;
        }

        const response = await request(url, {
            ...options,
            method,
            headers,
            dispatcher: this.agent,
        });
        const body = Buffer.from(await response.body.arrayBuffer());
        if (response.statusCode !== expected) {
            throw new Error(`${method} ${url} answered ${response.statusCode}: ${body.toString()}`);
        }
        return { headers: response.headers, body };
    }

    async copyBlob(repository: string, digest: string): Promise<void> {
        const blob = await this.send(`${source}/v2/${repository}/blobs/${digest}`, 200);
        const started = await this.send(`${target}/v2/${repository}/blobs/uploads/`, 202, {
            method: "POST",
        });

        const upload = new URL(String(started.headers.location), target);
        upload.searchParams.set("digest", digest);
        await this.send(upload.href, 201, {
            method: "PUT",
            headers: { "content-type": "application/octet-stream" },
            body: blob.body,
        });
    }

    async copyImage(image: string): Promise<void> {
        const [repository, tag] = image.split(":");
        const path = `/v2/${repository}/manifests/${tag}`;
        const fetched = await this.send(`${source}${path}`, 200, {
            headers: { accept: manifestType },
        });

        const manifest = JSON.parse(fetched.body.toString()) as Manifest;
        for (const blob of [manifest.config, ...manifest.layers]) {
            await this.copyBlob(repository, blob.digest);
        }

        const pushed = await this.send(`${target}${path}`, 201, {
            method: "PUT",
            headers: { "content-type": String(fetched.headers["content-type"]) },
            body: fetched.body,
        });
        const digest = `sha256:${createHash("sha256").update(fetched.body).digest("hex")}`;
        if (pushed.headers["docker-content-digest"] !== digest) {
            throw new Error(`${image}: the token registry stored another digest than ${digest}`);
        }
    }
}

async function main(): Promise<void> {
    const [worldDir, ...images] = process.argv.slice(2);
    const repositories = [...new Set(images.map((image) => image.split(":")[0]))];
    const agent = new Agent({
        connect: { ca: readFileSync(`${worldDir}/ca/ca.crt`) },
        headersTimeout: 15_000,
        bodyTimeout: 15_000,
    });
    const copier = new Copier(agent, pushToken(worldDir, repositories));

    try {
        for (const image of images) {
            await copier.copyImage(image);
        }
    } finally {
        await agent.close();
    }
}

main().catch((error: unknown) => {
    console.error(`push to the token registry failed: ${String(error)}`);
    process.exitCode = 1;
});
