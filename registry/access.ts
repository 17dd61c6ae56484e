/** The credentials a registry check may use, and the two forms they travel in. */
import { createHash } from "node:crypto";

/** A user name and password (or access token) for one registry. */
export interface RegistryAccess {
    username: string;
    password: string;
}

/** The value of an Authorization header for HTTP Basic authentication (RFC 7617). */
export function basicAuthorization(access: RegistryAccess): string {
    const pair = Buffer.from(`${access.username}:${access.password}`, "utf8");

    return `Basic ${pair.toString("base64")}`;
}

/**
 * A name for a set of credentials that keys caches without holding them: a hash, so that
 * tokens got with one password are never reused for another.
 */
export function identityOf(access: RegistryAccess | undefined): string {
    if (access === undefined) {
        return "anonymous";
    }

    const hash = createHash("sha256");
    hash.update(access.username).update("\0").update(access.password);
    return hash.digest("hex");
}
