/**
 * A token service for the test world's token registry: it checks Basic credentials and signs
 * JWTs the way distribution 2.8 verifies them (the signing certificate in `x5c`).
 */
import { createPrivateKey, randomUUID, X509Certificate, type KeyObject } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

import { SignJWT } from "jose";

/** What anonymous callers get: a 401, or a token that grants nothing (as Docker Hub does). */
export type AnonymousPolicy = "deny" | "no-access";

/** How the issuer is set up. */
export interface TokenIssuerOptions {
    signingKeyFile: string;
    signingCertFile: string;
    /** The `iss` claim; the registry trusts only its configured issuer. */
    issuer: string;
    /** The service (`aud` claim) tokens are for. */
    service: string;
    users: { username: string; password: string }[];
    /** Defaults to "no-access". */
    anonymous?: AnonymousPolicy;
    /** Repositories no user gets any access to, though their tokens are still signed. */
    deniedRepositories?: string[];
    /** Token lifetime in seconds, signed as `exp` and sent as `expires_in`. Defaults to 300. */
    expiresInSeconds?: number;
    /** Which field carries the token. Defaults to both `token` and `access_token`. */
    tokenField?: "token" | "access_token" | "both";
    /** Defaults to 5601, where the world's registry sends clients. */
    port?: number;
}

/** One request the issuer answered. */
export interface IssuedRequest {
    /** The user that authenticated, or undefined for an anonymous request. */
    user?: string;
    scope: string;
    status: number;
}

/** A running issuer and what it has seen. */
export interface TokenIssuer {
    url: string;
    requests: IssuedRequest[];
    close(): Promise<void>;
}

interface Signer {
    key: KeyObject;
    alg: string;
    x5c: string[];
}

/** Starts the issuer on 127.0.0.1. */
export async function startTokenIssuer(options: TokenIssuerOptions): Promise<TokenIssuer> {
    const signer = loadSigner(options.signingKeyFile, options.signingCertFile);
    const requests: IssuedRequest[] = [];
    const server = createServer((request, response) => {
        answer(options, signer, request, response, requests).catch((error: unknown) => {
            response.writeHead(500).end(String(error));
        });
    });

    await new Promise<void>((ready, fail) => {
        server.once("error", fail);
        server.listen(options.port ?? 5601, "127.0.0.1", ready);
    });
    const { port } = server.address() as AddressInfo;

    return {
        url: `http://127.0.0.1:${port}/token`,
        requests,
        close: () =>
            new Promise<void>((done) => {
                server.closeAllConnections();
                server.close(() => done());
            }),
    };
}

async function answer(
    options: TokenIssuerOptions,
    signer: Signer,
    request: IncomingMessage,
    response: ServerResponse,
    requests: IssuedRequest[],
): Promise<void> {
    const url = new URL(request.url ?? "/", "http://issuer");
    const scopes = url.searchParams.getAll("scope");
    const user = authenticate(request.headers.authorization, options.users);
    const record = (status: number, name?: string) =>
        requests.push({ user: name, scope: scopes.join(" "), status });

    if (url.pathname !== "/token" || url.searchParams.get("service") !== options.service) {
        record(400);
        response.writeHead(400).end("unknown path or service");
        return;
    }

    if (user === "refused" || (user === undefined && options.anonymous === "deny")) {
        record(401);
        response.writeHead(401, { "WWW-Authenticate": 'Basic realm="icm test issuer"' });
        response.end(JSON.stringify({ details: "authentication required" }));
        return;
    }

    const denied = new Set(options.deniedRepositories ?? []);
    const granted = user === undefined ? [] : scopes.filter((s) => !denied.has(s.split(":")[1]));
    const token = await sign(options, signer, user, granted);
    record(200, user);
    response.writeHead(200, { "Content-Type": "application/json" });
    response.end(JSON.stringify(tokenBody(options, token)));
}

/** The user the Basic header proves, "refused" for a wrong one, undefined for none. */
function authenticate(
    header: string | undefined,
    users: TokenIssuerOptions["users"],
): string | undefined {
    if (header === undefined || !header.startsWith("Basic ")) {
        return undefined;
    }

    const pair = Buffer.from(header.slice(6), "base64").toString("utf8");
    const colon = pair.indexOf(":");
    const [username, password] = [pair.slice(0, colon), pair.slice(colon + 1)];
    const known = users.some((u) => u.username === username && u.password === password);
    return known ? username : "refused";
}

async function sign(
    options: TokenIssuerOptions,
    signer: Signer,
    user: string | undefined,
    scopes: string[],
): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const access = scopes.map((scope) => {
        const [type, name, actions] = scope.split(":");
        const granted = actions.split(",").filter((action) => ["pull", "push"].includes(action));
        return { type, name, actions: granted };
    });

    return new SignJWT({ access })
        .setProtectedHeader({ alg: signer.alg, typ: "JWT", x5c: signer.x5c })
        .setIssuer(options.issuer)
        .setSubject(user ?? "")
        .setAudience(options.service)
        .setIssuedAt(now)
        .setNotBefore(now - 5)
        .setExpirationTime(now + (options.expiresInSeconds ?? 300))
        .setJti(randomUUID())
        .sign(signer.key);
}

function tokenBody(options: TokenIssuerOptions, token: string): Record<string, unknown> {
    const field = options.tokenField ?? "both";

    return {
        ...(field !== "access_token" && { token }),
        ...(field !== "token" && { access_token: token }),
        expires_in: options.expiresInSeconds ?? 300,
        issued_at: new Date().toISOString(),
    };
}

/** The key and certificate chain; distribution checks `x5c` against its root bundle. */
function loadSigner(keyFile: string, certFile: string): Signer {
    const key = createPrivateKey(readFileSync(keyFile));
    const certificate = new X509Certificate(readFileSync(certFile));
    const alg = key.asymmetricKeyType === "ec" ? "ES256" : "RS256";

    return { key, alg, x5c: [certificate.raw.toString("base64")] };
}
