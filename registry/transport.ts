/** Single HTTP exchanges with registries: trusted CAs per registry, proxies, time limits. */
import { readFileSync } from "node:fs";
import { rootCertificates } from "node:tls";
import { EnvHttpProxyAgent, request, type Dispatcher } from "undici";
import type { UnreachableReason } from "./errors";

/** A registry's answer, its body read in full. */
export interface HttpResponse {
    status: number;
    headers: Record<string, string | string[] | undefined>;
    body: Buffer;
}

/** Why an exchange produced no answer; "not-tls" means the server spoke plain HTTP. */
export type FailureKind = UnreachableReason | "tls-untrusted" | "not-tls" | "too-large";

/** An exchange that ended without an HTTP answer. Its detail never holds a credential. */
export class NetworkFailure extends Error {
    constructor(
        readonly kind: FailureKind,
        readonly detail: string,
        options?: ErrorOptions,
    ) {
        super(detail, options);
        this.name = "NetworkFailure";
    }
}

/** Manifests and token answers are a few kilobytes; more than this is not a registry talking. */
const MAX_BODY_BYTES = 4 * 1024 * 1024;

const KIND_BY_CODE: Record<string, FailureKind> = {
    ENOTFOUND: "dns",
    EAI_AGAIN: "dns",
    EAI_FAIL: "dns",
    ECONNREFUSED: "refused",
    ECONNRESET: "reset",
    EPIPE: "reset",
    UND_ERR_SOCKET: "reset",
    ETIMEDOUT: "timeout",
    UND_ERR_CONNECT_TIMEOUT: "timeout",
    UND_ERR_HEADERS_TIMEOUT: "timeout",
    UND_ERR_BODY_TIMEOUT: "timeout",
    EPROTO: "not-tls",
    ERR_SSL_WRONG_VERSION_NUMBER: "not-tls",
    ERR_SSL_PACKET_LENGTH_TOO_LONG: "not-tls",
    ERR_TLS_CERT_ALTNAME_INVALID: "tls-untrusted",
    UNABLE_TO_VERIFY_LEAF_SIGNATURE: "tls-untrusted",
    UNABLE_TO_GET_ISSUER_CERT: "tls-untrusted",
    UNABLE_TO_GET_ISSUER_CERT_LOCALLY: "tls-untrusted",
    SELF_SIGNED_CERT_IN_CHAIN: "tls-untrusted",
    DEPTH_ZERO_SELF_SIGNED_CERT: "tls-untrusted",
    CERT_HAS_EXPIRED: "tls-untrusted",
    CERT_NOT_YET_VALID: "tls-untrusted",
    CERT_UNTRUSTED: "tls-untrusted",
    CERT_REJECTED: "tls-untrusted",
    CERT_SIGNATURE_FAILURE: "tls-untrusted",
    INVALID_CA: "tls-untrusted",
};

/** Options the transport takes from the client's. */
export interface TransportOptions {
    /** Registry → path of a PEM file with the CA(s) to trust besides the system's. */
    caFiles: Record<string, string>;
    timeoutMs: number;
}

/**
 * Sends one request at a time and reads the answer. Each registry with its own CA gets its
 * own connection pool; proxies come from HTTPS_PROXY, HTTP_PROXY and NO_PROXY.
 */
export class Transport {
    private readonly caByRegistry = new Map<string, string[]>();
    private readonly pools = new Map<string, Dispatcher>();
    private readonly timeoutMs: number;

    constructor(options: TransportOptions) {
        this.timeoutMs = options.timeoutMs;

        const systemRoots = [...rootCertificates, ...extraSystemCertificates()];
        for (const [registry, file] of Object.entries(options.caFiles)) {
            this.caByRegistry.set(registry, [...systemRoots, readCaFile(registry, file)]);
        }
    }

    /** Sends one request on `registry`'s behalf and returns the answer, or throws NetworkFailure. */
    async send(
        registry: string,
        url: URL,
        method: "GET" | "HEAD",
        headers: Record<string, string>,
    ): Promise<HttpResponse> {
        const signal = AbortSignal.timeout(this.timeoutMs);

        try {
            const answer = await request(url, {
                method,
                headers,
                signal,
                dispatcher: this.pool(registry),
            });
            const body = await readBody(answer.body, signal);
            return { status: answer.statusCode, headers: answer.headers, body };
        } catch (error) {
            throw classify(error, signal, this.timeoutMs);
        }
    }

    /** Closes every pooled connection. */
    async close(): Promise<void> {
        const pools = [...this.pools.values()];
        this.pools.clear();

        await Promise.all(pools.map((pool) => pool.close()));
    }

    private pool(registry: string): Dispatcher {
        const key = this.caByRegistry.has(registry) ? registry : "";
        const existing = this.pools.get(key);
        if (existing !== undefined) {
            return existing;
        }

        const ca = this.caByRegistry.get(registry);
        const tls = ca === undefined ? {} : { ca };
        const pool = new EnvHttpProxyAgent({
            connect: { ...tls, timeout: this.timeoutMs },
            requestTls: tls,
            headersTimeout: this.timeoutMs,
            bodyTimeout: this.timeoutMs,
        });
        this.pools.set(key, pool);
        return pool;
    }
}

async function readBody(body: AsyncIterable<Buffer>, signal: AbortSignal): Promise<Buffer> {
    const chunks: Buffer[] = [];
    let size = 0;

    for await (const chunk of body) {
        size += chunk.length;
        if (size > MAX_BODY_BYTES) {
            throw new NetworkFailure("too-large", `the answer exceeds ${MAX_BODY_BYTES} bytes`);
        }
        chunks.push(chunk);
        signal.throwIfAborted();
    }

    return Buffer.concat(chunks);
}

function classify(error: unknown, signal: AbortSignal, timeoutMs: number): NetworkFailure {
    if (error instanceof NetworkFailure) {
        return error;
    }

    if (signal.aborted) {
        return new NetworkFailure("timeout", `no answer within ${timeoutMs} ms`, { cause: error });
    }

    for (let link: unknown = error, depth = 0; link instanceof Error && depth < 5; depth++) {
        const code = (link as NodeJS.ErrnoException).code;
        const kind = code === undefined ? undefined : KIND_BY_CODE[code];
        if (kind !== undefined) {
            return new NetworkFailure(kind, shortMessage(link), { cause: error });
        }
        link = link.cause;
    }

    const message = error instanceof Error ? shortMessage(error) : String(error);
    return new NetworkFailure("network", message, { cause: error });
}

/** OpenSSL's messages run over lines of source paths; its `reason` says the same briefly. */
function shortMessage(error: Error): string {
    const reason = (error as { reason?: unknown }).reason;

    return typeof reason === "string" && reason !== "" ? reason : error.message.split("\n")[0];
}

/** Node trusts NODE_EXTRA_CA_CERTS on top of its roots; an explicit CA list must repeat them. */
function extraSystemCertificates(): string[] {
    const file = process.env.NODE_EXTRA_CA_CERTS;
    if (file === undefined || file === "") {
        return [];
    }

    try {
        return [readFileSync(file, "utf8")];
    } catch {
        return []; // Node has already warned about an unreadable file at start-up.
    }
}

function readCaFile(registry: string, file: string): string {
    const fix = "Set icm:registryCaFile to a PEM file holding the registry's CA certificate.";
    let text: string;

    try {
        text = readFileSync(file, "utf8");
    } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? "unreadable";
        throw new Error(
            `icm:registryCaFile: cannot read "${file}" for ${registry} (${code}). ${fix}`,
            { cause: error },
        );
    }

    if (!text.includes("-----BEGIN CERTIFICATE-----")) {
        throw new Error(
            `icm:registryCaFile: "${file}" for ${registry} holds no PEM certificate. ${fix}`,
        );
    }
    return text;
}
