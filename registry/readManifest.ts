/** Reading a manifest's digest and media type from a registry's answer. */
import type { ResolvedImage } from "../reference";
import { RegistryProtocolError, type RegistryErrorContext } from "./errors";
import { header } from "./exchange";
import { digestOf, isDigest, mediaTypeOf } from "./manifest";
import type { HttpResponse } from "./transport";

/** A manifest proven to exist: its digest, its media type and the image it was found for. */
export interface ManifestInfo {
    /** The digest Docker pulls the image by, e.g. "sha256:…". */
    digest: string;
    /** E.g. an OCI index for a multi-platform image. */
    mediaType: string;
    image: ResolvedImage;
}

/**
 * The digest and media type of a manifest answered to HEAD; when the answer lacks either,
 * `get` fetches the manifest and its bytes are hashed. A digest reference must match.
 */
export async function readManifest(
    head: HttpResponse,
    image: ResolvedImage,
    reference: string,
    get: () => Promise<HttpResponse>,
): Promise<ManifestInfo> {
    const context = { registry: image.registry, repository: image.repository, reference };
    const declared = header(head, "docker-content-digest");
    let digest = declared !== undefined && isDigest(declared) ? declared : undefined;
    let mediaType = mediaTypeOf(header(head, "content-type"));

    if (digest === undefined || mediaType === undefined) {
        const full = await get();
        digest = digestOf(full.body, isDigest(reference) ? reference : undefined);
        mediaType = mediaTypeOf(header(full, "content-type"), full.body);
    }

    if (isDigest(reference) && digest !== reference) {
        throw mismatch(context, digest);
    }
    if (mediaType === undefined) {
        throw new RegistryProtocolError(context, "the manifest has no media type");
    }
    return { digest, mediaType, image };
}

function mismatch(context: RegistryErrorContext, digest: string): RegistryProtocolError {
    return new RegistryProtocolError(
        context,
        `asked for manifest ${context.reference}, it answered with ${digest}; the registry ` +
            "or something between it and this machine altered the content",
    );
}
