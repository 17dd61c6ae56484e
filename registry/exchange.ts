/** Requests that are tried again after 429, 5xx and dropped connections, and logged. */
import { DEFAULT_BACKOFF, parseRetryAfter, retryDelay, type BackoffPolicy } from "./backoff";
import { NetworkFailure, type HttpResponse, type Transport } from "./transport";

/** Statuses that say "not now" rather than "no": the same request may well work later. */
const TRANSIENT_STATUSES: ReadonlySet<number> = new Set([429, 500, 502, 503, 504]);

/** How an Exchanger retries and reports. */
export interface ExchangeOptions {
    retries: number;
    backoff?: BackoffPolicy;
    log: (message: string) => void;
    /** Replaceable in tests; defaults to a real timer. */
    sleep?: (ms: number) => Promise<void>;
}

/** One request as the client sees it: a method, a URL and its headers. */
export interface ExchangeRequest {
    registry: string;
    url: URL;
    method: "GET" | "HEAD";
    headers: Record<string, string>;
}

/** Whatever sends requests for the client: an Exchanger, or a stand-in in tests. */
export interface Sender {
    send(call: ExchangeRequest): Promise<HttpResponse>;
}

/**
 * Sends requests through a Transport, retrying transient failures with growing waits.
 * After the last attempt a transient status is returned as it is, for the caller to name.
 */
export class Exchanger implements Sender {
    private readonly backoff: BackoffPolicy;
    private readonly sleep: (ms: number) => Promise<void>;

    constructor(
        private readonly transport: Transport,
        private readonly options: ExchangeOptions,
    ) {
        this.backoff = options.backoff ?? DEFAULT_BACKOFF;
        this.sleep = options.sleep ?? ((ms) => new Promise((done) => setTimeout(done, ms)));
    }

    /** Sends `call`, retrying up to `retries` times; throws NetworkFailure when no answer came. */
    async send(call: ExchangeRequest): Promise<HttpResponse> {
        const label = `${call.method} ${call.url.origin}${call.url.pathname}`;

        for (let attempt = 0; ; attempt++) {
            const started = Date.now();
            const outcome = await this.attempt(call);
            const elapsed = Date.now() - started;

            const delay = this.nextDelay(outcome, attempt + 1);
            if (delay === undefined) {
                return this.finish(label, outcome, elapsed);
            }

            this.options.log(
                `${label}: ${describe(outcome)} after ${elapsed} ms; ` +
                    `retry ${attempt + 1} of ${this.options.retries} in ${delay} ms`,
            );
            await this.sleep(delay);
        }
    }

    private async attempt(call: ExchangeRequest): Promise<HttpResponse | NetworkFailure> {
        try {
            return await this.transport.send(call.registry, call.url, call.method, call.headers);
        } catch (error) {
            if (error instanceof NetworkFailure) {
                return error;
            }
            throw error;
        }
    }

    /** The wait before retry number `retry`, or undefined when there is to be none. */
    private nextDelay(outcome: HttpResponse | NetworkFailure, retry: number): number | undefined {
        if (retry > this.options.retries) {
            return undefined;
        }

        if (outcome instanceof NetworkFailure) {
            return outcome.kind === "reset"
                ? retryDelay(retry, undefined, this.backoff)
                : undefined;
        }

        if (!TRANSIENT_STATUSES.has(outcome.status)) {
            return undefined;
        }
        const retryAfter = parseRetryAfter(header(outcome, "retry-after"), Date.now());
        return retryDelay(retry, retryAfter, this.backoff);
    }

    private finish(
        label: string,
        outcome: HttpResponse | NetworkFailure,
        elapsed: number,
    ): HttpResponse {
        this.options.log(`${label}: ${describe(outcome)} after ${elapsed} ms`);

        if (outcome instanceof NetworkFailure) {
            throw outcome;
        }
        return outcome;
    }
}

/** The first value of a response header, by lower-case name. */
export function header(response: HttpResponse, name: string): string | undefined {
    const value = response.headers[name];

    return Array.isArray(value) ? value[0] : value;
}

function describe(outcome: HttpResponse | NetworkFailure): string {
    return outcome instanceof NetworkFailure
        ? `${outcome.kind} (${outcome.detail})`
        : `HTTP ${outcome.status}`;
}
