/** What a manifest request asks for and how its answer is identified. */
import { createHash } from "node:crypto";

/** Every manifest form a Docker engine pulls: OCI and Docker, single images and indexes. */
export const MANIFEST_MEDIA_TYPES: readonly string[] = [
    "application/vnd.oci.image.index.v1+json",
    "application/vnd.oci.image.manifest.v1+json",
    "application/vnd.docker.distribution.manifest.list.v2+json",
    "application/vnd.docker.distribution.manifest.v2+json",
];

/** The Accept header of a manifest request. */
export const MANIFEST_ACCEPT = MANIFEST_MEDIA_TYPES.join(", ");

const DIGEST_PATTERNS: Record<string, RegExp> = {
    sha256: /^sha256:[a-f0-9]{64}$/,
    sha512: /^sha512:[a-f0-9]{128}$/,
};

/** True for a sha256 or sha512 digest in canonical form (lower-case hex). */
export function isDigest(value: string): boolean {
    const algorithm = value.split(":")[0];

    return DIGEST_PATTERNS[algorithm]?.test(value) ?? false;
}

/** The digest of raw manifest bytes, by the algorithm `like` uses (sha256 when none is given). */
export function digestOf(bytes: Buffer, like?: string): string {
    const algorithm = like?.startsWith("sha512:") ? "sha512" : "sha256";

    return `${algorithm}:${createHash(algorithm).update(bytes).digest("hex")}`;
}

/** The media type from a Content-Type header, else from the manifest's own mediaType field. */
export function mediaTypeOf(contentType: string | undefined, body?: Buffer): string | undefined {
    const declared = contentType?.split(";")[0].trim().toLowerCase() || undefined;
    if (declared !== undefined && declared !== "application/json") {
        return declared;
    }

    return (body && mediaTypeField(body)) ?? declared;
}

function mediaTypeField(body: Buffer): string | undefined {
    let parsed: unknown;
    try {
        parsed = JSON.parse(body.toString("utf8"));
    } catch {
        return undefined;
    }

    if (typeof parsed !== "object" || parsed === null || !("mediaType" in parsed)) {
        return undefined;
    }
    return typeof parsed.mediaType === "string" ? parsed.mediaType : undefined;
}
