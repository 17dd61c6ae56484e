/** Finding a registry's API root (https, else plain http where allowed) and how it wants logins. */
import { registryEndpoint } from "../reference";
import { RegistryProtocolError, type RegistryError, type RegistryErrorContext } from "./errors";
import type { Exchanger } from "./exchange";
import { failureError, statusError } from "./failures";
import { NetworkFailure, type HttpResponse } from "./transport";
import { ChallengeSyntaxError, parseWwwAuthenticate, type Challenge } from "./wwwAuthenticate";

/** A registry's /v2/ root and the challenge it answered an anonymous request with, if any. */
export interface Endpoint {
    base: URL;
    challenge?: Challenge;
}

/** A found endpoint, or how to describe the failure for whichever image was being checked. */
export type Discovery =
    { endpoint: Endpoint } | { fail: (context: RegistryErrorContext) => RegistryError };

/** Plain HTTP is tried after HTTPS only for these failures, as Docker does for insecure registries. */
const FALL_BACK_ON: ReadonlySet<string> = new Set(["not-tls", "refused", "reset", "network"]);

/**
 * Pings `registry`'s /v2/ over HTTPS and, when `plainAllowed` and HTTPS failed for a reason
 * other than trust or time, over plain HTTP; then reads its challenge.
 */
export async function discoverEndpoint(
    exchanger: Exchanger,
    registry: string,
    plainAllowed: boolean,
): Promise<Discovery> {
    const host = registryEndpoint(registry);
    const secure = await ping(exchanger, registry, new URL(`https://${host}/v2/`));

    const fallBack =
        plainAllowed && secure instanceof NetworkFailure && FALL_BACK_ON.has(secure.kind);
    const outcome = fallBack
        ? await ping(exchanger, registry, new URL(`http://${host}/v2/`))
        : secure;

    if (outcome instanceof NetworkFailure) {
        return { fail: (context) => failureError(outcome, context) };
    }
    return readPing(outcome.base, outcome.response);
}

/**
 * The challenge to answer among those offered: Bearer (with a realm) before Basic, as Docker
 * prefers it. Undefined when none is usable.
 */
export function chooseChallenge(challenges: Challenge[]): Challenge | undefined {
    const bearer = challenges.find((c) => c.scheme === "bearer" && c.params.realm !== undefined);

    return bearer ?? challenges.find((c) => c.scheme === "basic");
}

/** The challenges of a 401 answer; throws ChallengeSyntaxError on a malformed header. */
export function challengesOf(response: HttpResponse): Challenge[] {
    const value = response.headers["www-authenticate"];
    const joined = Array.isArray(value) ? value.join(", ") : value;

    return joined === undefined || joined.trim() === "" ? [] : parseWwwAuthenticate(joined);
}

interface Pinged {
    base: URL;
    response: HttpResponse;
}

async function ping(
    exchanger: Exchanger,
    registry: string,
    base: URL,
): Promise<Pinged | NetworkFailure> {
    try {
        const response = await exchanger.send({ registry, url: base, method: "GET", headers: {} });
        return { base, response };
    } catch (error) {
        if (error instanceof NetworkFailure) {
            return error;
        }
        throw error;
    }
}

function readPing(base: URL, response: HttpResponse): Discovery {
    if (response.status === 200) {
        return { endpoint: { base } };
    }

    if (response.status !== 401) {
        const what = `${base.href} (the registry API v2 root)`;
        return { fail: (context) => statusError(response, context, what) };
    }

    return readChallenge(base, response);
}

function readChallenge(base: URL, response: HttpResponse): Discovery {
    let challenges: Challenge[];
    try {
        challenges = challengesOf(response);
    } catch (error) {
        if (!(error instanceof ChallengeSyntaxError)) {
            throw error;
        }
        const detail = `its login challenge cannot be read (${error.message})`;
        return { fail: (context) => new RegistryProtocolError(context, detail, { cause: error }) };
    }

    const challenge = chooseChallenge(challenges);
    if (challenge === undefined) {
        const offered = challenges.map((c) => c.scheme).join(", ");
        const detail =
            offered === ""
                ? "it demands a login (HTTP 401) but sends no WWW-Authenticate challenge"
                : `it asks for a login this client cannot give (offered: ${offered}; ` +
                  "supported: Basic and Bearer)";
        return { fail: (context) => new RegistryProtocolError(context, detail) };
    }

    return { endpoint: { base, challenge } };
}
