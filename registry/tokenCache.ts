/** Bearer tokens kept until shortly before they expire, so each scope costs one token request. */

/** How long a token lives when its service does not say (the Docker token spec's value). */
export const DEFAULT_TOKEN_LIFETIME_SECONDS = 60;

/** What a token is for: one realm, service and scope, fetched by one identity. */
export interface TokenKey {
    realm: string;
    service: string;
    scope: string;
    /** An opaque name for the credentials used (never the credentials themselves). */
    identity: string;
}

interface Entry {
    token: string;
    expiresAt: number;
}

/** A time source in milliseconds, replaceable in tests. */
export type Clock = () => number;

/** Tokens by realm, service, scope and identity, each dropped when its lifetime runs out. */
export class TokenCache {
    private readonly entries = new Map<string, Entry>();

    constructor(private readonly now: Clock = Date.now) {}

    /** The cached token for `key`, or undefined when there is none or it has expired. */
    get(key: TokenKey): string | undefined {
        const id = keyId(key);
        const entry = this.entries.get(id);
        if (entry === undefined) {
            return undefined;
        }

        if (this.now() >= entry.expiresAt) {
            this.entries.delete(id);
            return undefined;
        }
        return entry.token;
    }

    /**
     * Keeps `token`, obtained at `obtainedAt`, for `expiresInSeconds` (60 when undefined) less
     * a margin, so a token is not sent in the very second it lapses.
     */
    set(key: TokenKey, token: string, expiresInSeconds: number | undefined, obtainedAt: number) {
        const lifetimeMs = (expiresInSeconds ?? DEFAULT_TOKEN_LIFETIME_SECONDS) * 1000;
        const marginMs = Math.min(5000, lifetimeMs / 10);
        this.prune();

        this.entries.set(keyId(key), { token, expiresAt: obtainedAt + lifetimeMs - marginMs });
    }

    /** Number of tokens held, expired ones included until the next `set`. */
    get size(): number {
        return this.entries.size;
    }

    private prune(): void {
        const now = this.now();
        for (const [id, entry] of this.entries) {
            if (now >= entry.expiresAt) {
                this.entries.delete(id);
            }
        }
    }
}

function keyId(key: TokenKey): string {
    return JSON.stringify([key.realm, key.service, key.scope, key.identity]);
}
