/** Tokens from a registry's token service, as Docker's token authentication hands them out. */
import { basicAuthorization, identityOf, type RegistryAccess } from "./access";
import {
    CredentialsMissingError,
    CredentialsRefusedError,
    RegistryProtocolError,
    type RegistryError,
    type RegistryErrorContext,
} from "./errors";
import type { Sender } from "./exchange";
import { failureError, statusError } from "./failures";
import type { Clock, TokenCache, TokenKey } from "./tokenCache";
import { NetworkFailure, type HttpResponse } from "./transport";
import type { Challenge } from "./wwwAuthenticate";

/** What a token is asked for: a registry's Bearer challenge, a scope and maybe credentials. */
export interface TokenRequest {
    registry: string;
    challenge: Challenge;
    scope: string;
    access?: RegistryAccess;
}

type Outcome = { token: string } | { fail: (context: RegistryErrorContext) => RegistryError };

/**
 * Fetches tokens and keeps them until they expire. Requests for the same token made at the
 * same time share one call to the token service.
 */
export class BearerTokens {
    private readonly inFlight = new Map<string, Promise<Outcome>>();

    constructor(
        private readonly sender: Sender,
        private readonly cache: TokenCache,
        /** True for hosts that may receive credentials over plain HTTP. */
        private readonly plainAllowed: (host: string) => boolean,
        private readonly now: Clock = Date.now,
    ) {}

    /** A token for `request`; throws a RegistryError described for `context`. */
    async token(request: TokenRequest, context: RegistryErrorContext): Promise<string> {
        const realm = this.realmOf(request, context);
        const key: TokenKey = {
            realm: realm.href,
            service: request.challenge.params.service ?? "",
            scope: request.scope,
            identity: identityOf(request.access),
        };

        const cached = this.cache.get(key);
        if (cached !== undefined) {
            return cached;
        }

        const outcome = await this.shared(key, () => this.fetch(request, realm, key));
        if ("fail" in outcome) {
            throw outcome.fail(context);
        }
        return outcome.token;
    }

    private realmOf(request: TokenRequest, context: RegistryErrorContext): URL {
        const text = request.challenge.params.realm ?? "";
        const realm = URL.canParse(text) ? new URL(text) : undefined;
        if (realm === undefined || !["https:", "http:"].includes(realm.protocol)) {
            throw new RegistryProtocolError(context, "its token service address is not a URL");
        }

        if (realm.protocol === "http:" && request.access && !this.plainAllowed(realm.host)) {
            throw new RegistryProtocolError(
                context,
                `its token service ${realm.origin} uses plain HTTP; credentials go over plain ` +
                    "HTTP only to hosts on this machine or listed as insecure",
            );
        }
        return realm;
    }

    private async shared(key: TokenKey, fetch: () => Promise<Outcome>): Promise<Outcome> {
        const id = JSON.stringify(key);
        const running = this.inFlight.get(id);
        if (running !== undefined) {
            return running;
        }

        const started = fetch().finally(() => this.inFlight.delete(id));
        this.inFlight.set(id, started);
        return started;
    }

    private async fetch(request: TokenRequest, realm: URL, key: TokenKey): Promise<Outcome> {
        const url = new URL(realm);
        if (key.service !== "") {
            url.searchParams.set("service", key.service);
        }
        url.searchParams.set("scope", key.scope);
        const headers: Record<string, string> = request.access
            ? { Authorization: basicAuthorization(request.access) }
            : {};

        const obtainedAt = this.now();
        let response: HttpResponse;
        try {
            response = await this.sender.send({
                registry: request.registry,
                url,
                method: "GET",
                headers,
            });
        } catch (error) {
            if (error instanceof NetworkFailure) {
                const failure = new NetworkFailure(
                    error.kind,
                    `token service ${realm.origin}: ${error.detail}`,
                    { cause: error },
                );
                return { fail: (context) => failureError(failure, context) };
            }
            throw error;
        }

        return this.readAnswer(request, realm, response, (token, expiresIn) =>
            this.cache.set(key, token, expiresIn, obtainedAt),
        );
    }

    private readAnswer(
        request: TokenRequest,
        realm: URL,
        response: HttpResponse,
        keep: (token: string, expiresIn: number | undefined) => void,
    ): Outcome {
        const service = `The token service of registry ${request.registry} (${realm.origin})`;

        if (response.status === 401 || response.status === 403) {
            return {
                fail: (context) =>
                    request.access
                        ? new CredentialsRefusedError(
                              { ...context, status: response.status },
                              service,
                          )
                        : new CredentialsMissingError({ ...context, status: response.status }),
            };
        }

        if (response.status !== 200) {
            const what = `its token service ${realm.origin}${realm.pathname}`;
            return { fail: (context) => statusError(response, context, what) };
        }

        const answer = readTokenAnswer(response.body);
        if (answer === undefined) {
            const detail = `its token service ${realm.origin} answered without a token`;
            return { fail: (context) => new RegistryProtocolError(context, detail) };
        }
        keep(answer.token, answer.expiresIn);
        return { token: answer.token };
    }
}

/** The token and lifetime of a token service's answer; `access_token` is the OAuth2 spelling. */
function readTokenAnswer(body: Buffer): { token: string; expiresIn?: number } | undefined {
    let parsed: unknown;
    try {
        parsed = JSON.parse(body.toString("utf8"));
    } catch {
        return undefined;
    }
    if (typeof parsed !== "object" || parsed === null) {
        return undefined;
    }

    const fields = parsed as Record<string, unknown>;
    const token = [fields.token, fields.access_token].find((t) => typeof t === "string" && t);
    const expiresIn = fields.expires_in;
    if (typeof token !== "string") {
        return undefined;
    }
    return {
        token,
        ...(typeof expiresIn === "number" && expiresIn > 0 && { expiresIn }),
    };
}
