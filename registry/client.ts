/** Proves images exist on their registries through the Docker Registry HTTP API v2. */
import { canonicalRegistry, isLoopbackRegistry, type ResolvedImage } from "../reference";
import { basicAuthorization, type RegistryAccess } from "./access";
import { BearerTokens } from "./bearer";
import {
    challengesOf,
    chooseChallenge,
    discoverEndpoint,
    type Discovery,
    type Endpoint,
} from "./endpoint";
import {
    CredentialsMissingError,
    RegistryProtocolError,
    type RegistryErrorContext,
} from "./errors";
import { Exchanger } from "./exchange";
import { failureError } from "./failures";
import { judgeFailure, type Authorization } from "./judge";
import { MANIFEST_ACCEPT } from "./manifest";
import { readManifest, type ManifestInfo } from "./readManifest";
import { TokenCache } from "./tokenCache";
import { NetworkFailure, Transport, type HttpResponse } from "./transport";
import type { Challenge } from "./wwwAuthenticate";

/** How a RegistryClient reaches registries. */
export interface RegistryClientOptions {
    /** Registry (host[:port]) → PEM file of CAs to trust besides the system's. Defaults to none. */
    caFiles?: Record<string, string>;
    /**
     * Registries that may be reached over plain HTTP when HTTPS fails, as Docker's
     * insecure-registries; registries on this machine always may. Defaults to none.
     */
    insecure?: string[];
    /** Time limit of each request in milliseconds. Defaults to 10000. */
    timeoutMs?: number;
    /**
     * Retries after 429, 5xx or a reset connection, waiting as Retry-After asks (up to 30 s).
     * A request that times out is not retried: the time limit is the user's bound. Defaults to 3.
     */
    retries?: number;
    /** Receives debug lines (never a credential). Defaults to discarding them. */
    log?: (message: string) => void;
}

/** Checks images on their registries, remembering each registry's endpoint and tokens. */
export class RegistryClient {
    private readonly transport: Transport;
    private readonly exchanger: Exchanger;
    private readonly tokens: BearerTokens;
    private readonly insecure: ReadonlySet<string>;
    private readonly endpoints = new Map<string, Promise<Discovery>>();

    constructor(options: RegistryClientOptions = {}) {
        const timeoutMs = checkedNumber("timeoutMs", options.timeoutMs ?? 10_000, 1, 600_000);
        const retries = checkedNumber("retries", options.retries ?? 3, 0, 10);

        this.insecure = new Set((options.insecure ?? []).map(canonicalRegistry));
        this.transport = new Transport({ caFiles: canonicalKeys(options.caFiles), timeoutMs });
        this.exchanger = new Exchanger(this.transport, { retries, log: options.log ?? (() => {}) });
        this.tokens = new BearerTokens(this.exchanger, new TokenCache(), (host) =>
            this.plainAllowed(host),
        );
    }

    /**
     * Proves the repository and tag (or digest) exist and returns the manifest digest. When
     * the image has both a tag and a digest, the digest is checked, as Docker pulls by it.
     */
    async resolve(image: ResolvedImage, access?: RegistryAccess): Promise<ManifestInfo> {
        const context = contextOf(image);
        const endpoint = await this.endpoint(image.registry, context);
        const url = new URL(`${image.repository}/manifests/${context.reference}`, endpoint.base);

        let auth = await this.authorize(endpoint.challenge, image, access, context);
        let head = await this.send(image.registry, url, "HEAD", auth, context);

        // A registry whose /v2/ is open to all may still guard its repositories.
        if (head.status === 401 && auth.challenge === undefined) {
            auth = await this.authorize(lateChallenge(head, context), image, access, context);
            head = await this.send(image.registry, url, "HEAD", auth, context);
        }

        if (head.status !== 200) {
            throw await this.judge(endpoint, head, auth, image, context);
        }
        return readManifest(head, image, context.reference, async () => {
            const got = await this.send(image.registry, url, "GET", auth, context);
            if (got.status !== 200) {
                throw await this.judge(endpoint, got, auth, image, context);
            }
            return got;
        });
    }

    /** Closes pooled connections; the client must not be used afterwards. */
    async close(): Promise<void> {
        await this.transport.close();
    }

    private async endpoint(registry: string, context: RegistryErrorContext): Promise<Endpoint> {
        let pending = this.endpoints.get(registry);
        if (pending === undefined) {
            pending = discoverEndpoint(this.exchanger, registry, this.plainAllowed(registry));
            this.endpoints.set(registry, pending);
        }

        const discovery = await pending.catch((error: unknown) => {
            this.forget(registry, pending);
            throw error;
        });
        if ("fail" in discovery) {
            this.forget(registry, pending);
            throw discovery.fail(context);
        }
        return discovery.endpoint;
    }

    /** Drops a failed discovery so that the next check tries the registry afresh. */
    private forget(registry: string, pending: Promise<Discovery>): void {
        if (this.endpoints.get(registry) === pending) {
            this.endpoints.delete(registry);
        }
    }

    private async authorize(
        challenge: Challenge | undefined,
        image: ResolvedImage,
        access: RegistryAccess | undefined,
        context: RegistryErrorContext,
    ): Promise<Authorization> {
        if (challenge === undefined) {
            return { access };
        }

        if (challenge.scheme === "basic") {
            if (access === undefined) {
                throw new CredentialsMissingError({ ...context, status: 401 });
            }
            return { challenge, access, header: basicAuthorization(access) };
        }

        const scope = `repository:${image.repository}:pull`;
        const request = { registry: image.registry, challenge, scope, access };
        const token = await this.tokens.token(request, context);
        return { challenge, access, header: `Bearer ${token}` };
    }

    private async send(
        registry: string,
        url: URL,
        method: "GET" | "HEAD",
        auth: Authorization,
        context: RegistryErrorContext,
    ): Promise<HttpResponse> {
        const headers: Record<string, string> = { Accept: MANIFEST_ACCEPT };
        if (auth.header !== undefined) {
            headers.Authorization = auth.header;
        }

        // Redirects are not followed, so credentials never leave the registry and its realm.
        // Shortcoming: a registry that redirects manifest requests is reported as answering 3xx.
        try {
            return await this.exchanger.send({ registry, url, method, headers });
        } catch (error) {
            throw error instanceof NetworkFailure ? failureError(error, context) : error;
        }
    }

    private async judge(
        endpoint: Endpoint,
        response: HttpResponse,
        auth: Authorization,
        image: ResolvedImage,
        context: RegistryErrorContext,
    ) {
        const tagsUrl = new URL(`${image.repository}/tags/list?n=1`, endpoint.base);
        const repositoryExists = async () => {
            const tags = await this.send(image.registry, tagsUrl, "GET", auth, context);
            return tags.status === 200 ? true : tags.status === 404 ? false : undefined;
        };

        return judgeFailure(response, auth, context, repositoryExists);
    }

    private plainAllowed(host: string): boolean {
        return isLoopbackRegistry(host) || this.insecure.has(canonicalRegistry(host));
    }
}

function contextOf(image: ResolvedImage): RegistryErrorContext {
    return {
        registry: image.registry,
        repository: image.repository,
        reference: image.digest ?? image.tag ?? "latest",
    };
}

/** The challenge of a manifest request refused after an open /v2/. */
function lateChallenge(response: HttpResponse, context: RegistryErrorContext): Challenge {
    const refused = { ...context, status: 401 };
    let challenge: Challenge | undefined;
    try {
        challenge = chooseChallenge(challengesOf(response));
    } catch (error) {
        const detail = error instanceof Error ? error.message : String(error);
        throw new RegistryProtocolError(refused, `its login challenge cannot be read (${detail})`);
    }

    if (challenge === undefined) {
        throw new RegistryProtocolError(
            refused,
            "it refused the manifest request without a usable login challenge",
        );
    }
    return challenge;
}

function checkedNumber(option: string, value: number, min: number, max: number): number {
    if (!Number.isInteger(value) || value < min || value > max) {
        throw new RangeError(
            `RegistryClient option ${option} must be a whole number from ${min} to ${max}.`,
        );
    }
    return value;
}

function canonicalKeys(caFiles: Record<string, string> = {}): Record<string, string> {
    return Object.fromEntries(
        Object.entries(caFiles).map(([registry, file]) => [canonicalRegistry(registry), file]),
    );
}
