/** Turning answers that end a check into the error a user reads. */
import {
    RateLimitedError,
    RegistryProtocolError,
    RegistryUnreachableError,
    TlsUntrustedError,
    type RegistryError,
    type RegistryErrorContext,
} from "./errors";
import { parseRetryAfter } from "./backoff";
import { header } from "./exchange";
import type { HttpResponse, NetworkFailure } from "./transport";

/** The error for an exchange that got no answer. */
export function failureError(
    failure: NetworkFailure,
    context: RegistryErrorContext,
): RegistryError {
    const cause = { cause: failure };

    switch (failure.kind) {
        case "tls-untrusted":
            return new TlsUntrustedError(context, failure.detail, cause);
        case "not-tls":
            return new RegistryProtocolError(
                context,
                `it does not speak HTTPS (${failure.detail}); plain HTTP is used only for ` +
                    "registries on this machine and those listed as insecure",
                cause,
            );
        case "too-large":
            return new RegistryProtocolError(context, failure.detail, cause);
        default:
            return new RegistryUnreachableError(context, failure.kind, failure.detail, cause);
    }
}

/** The error for a status the registry kept giving after every retry, or any other surprise. */
export function statusError(
    response: HttpResponse,
    context: RegistryErrorContext,
    what: string,
): RegistryError {
    const withStatus = { ...context, status: response.status };

    if (response.status === 429) {
        const waitMs = parseRetryAfter(header(response, "retry-after"), Date.now());
        const seconds = waitMs === undefined ? undefined : Math.ceil(waitMs / 1000);
        return new RateLimitedError(withStatus, seconds);
    }

    const advice = response.status >= 500 ? "; the registry is failing, try again later" : "";
    return new RegistryProtocolError(
        withStatus,
        `${what} answered HTTP ${response.status}${advice}`,
    );
}
