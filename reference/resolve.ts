/** Placing a parsed reference on its registry, and writing it back out. */
import { InvalidReferenceError } from "./errors";
import { digestFault } from "./grammar";
import { DOCKER_HUB, canonicalRegistry, parseRegistryHost } from "./registryHost";
import type { ImageReference } from "./parse";

/** A reference placed on a registry, as Docker would pull it. */
export interface ResolvedImage {
    /** Normalised host[:port]. */
    readonly registry: string;
    /** The repository on that registry: "library/" is added to one-part Docker Hub names. */
    readonly repository: string;
    /** "latest" when the reference gave neither tag nor digest. */
    readonly tag?: string;
    readonly digest?: string;
    /** True when "latest" was filled in rather than written. */
    readonly impliedTag: boolean;
}

/**
 * Places `ref` on its own registry or, when it names none, on `registry` (a host or URL
 * as `parseRegistryHost` reads it; pass `DOCKER_HUB` for Docker's default).
 */
export function resolveImage(ref: ImageReference, registry: string): ResolvedImage {
    const host =
        ref.registry === undefined
            ? parseRegistryHost(registry, "default registry")
            : canonicalRegistry(ref.registry);
    const official = host === DOCKER_HUB && !ref.path.includes("/");
    const impliedTag = ref.tag === undefined && ref.digest === undefined;
    const tag = impliedTag ? "latest" : ref.tag;

    return {
        registry: host,
        repository: official ? `library/${ref.path}` : ref.path,
        ...(tag !== undefined && { tag }),
        ...(ref.digest !== undefined && { digest: ref.digest }),
        impliedTag,
    };
}

/** The full name Docker pulls: "registry/repository[:tag][@digest]". */
export function formatImage(image: ResolvedImage): string {
    const tag = image.tag === undefined ? "" : `:${image.tag}`;
    const digest = image.digest === undefined ? "" : `@${image.digest}`;

    return `${image.registry}/${image.repository}${tag}${digest}`;
}

/** The same image fixed to `digest`, keeping its tag so that people can still read it. */
export function pinImage(image: ResolvedImage, digest: string): ResolvedImage {
    const fault = digestFault(digest);

    if (fault !== undefined) {
        throw new InvalidReferenceError("digest", digest, fault, "image digest");
    }

    return { ...image, digest };
}

/** "registry/repository@digest", the name that pulls exactly one image; needs a digest. */
export function pinnedName(image: ResolvedImage): string {
    if (image.digest === undefined) {
        throw new Error(
            `${formatImage(image)} has no digest, so it has no pinned name; pin it to the digest its registry reports first.`,
        );
    }

    return `${image.registry}/${image.repository}@${image.digest}`;
}
