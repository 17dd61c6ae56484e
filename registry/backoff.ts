/** How long to wait before trying a request again. */

/** Limits on waiting between attempts. */
export interface BackoffPolicy {
    /** The first wait when the registry gives no Retry-After. Defaults to 250 ms. */
    baseMs: number;
    /** The longest wait; a longer Retry-After means giving up. Defaults to 30 s. */
    capMs: number;
}

/** The waits used unless a caller chooses others. */
export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 250, capMs: 30_000 };

/**
 * Reads a Retry-After header (RFC 9110: whole seconds or an HTTP date) as milliseconds from
 * `now`. Returns undefined when the header is absent or unreadable; a date in the past is 0.
 */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
    if (value === undefined) {
        return undefined;
    }

    const text = value.trim();
    if (/^\d+$/.test(text)) {
        return Number(text) * 1000;
    }

    // Only the date forms HTTP allows (a day name, a time); Date.parse alone takes "Tue 2024".
    if (!/^[A-Za-z]{3,9},? .*\b\d{2}:\d{2}:\d{2}\b/.test(text)) {
        return undefined;
    }
    const date = Date.parse(text);
    return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * The wait before attempt number `attempt` (1 for the first retry): the registry's
 * Retry-After when it gave one, else a doubling wait. Undefined means the registry asked
 * for longer than the cap allows, so waiting is pointless.
 */
export function retryDelay(
    attempt: number,
    retryAfterMs: number | undefined,
    policy: BackoffPolicy = DEFAULT_BACKOFF,
): number | undefined {
    if (retryAfterMs !== undefined) {
        return retryAfterMs <= policy.capMs ? retryAfterMs : undefined;
    }

    const doubled = policy.baseMs * 2 ** Math.max(0, attempt - 1);
    return Math.min(doubled, policy.capMs);
}
