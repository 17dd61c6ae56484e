/** Reading an image reference as written, by Docker's grammar. */
import { InvalidReferenceError } from "./errors";
import { NAME_MAX, digestFault, pathFault, tagFault } from "./grammar";
import { hostFault } from "./hostGrammar";
import { canonicalRegistry } from "./registryHost";
import { hideUserInfo, USER_INFO_FAULT } from "./userInfo";

/** A reference as written: registry only when the value names one. */
export interface ImageReference {
    /** Normalised host[:port]; Docker Hub's aliases become "docker.io". */
    readonly registry?: string;
    /** Repository path as written, e.g. "intersystems/iris" or "busybox". */
    readonly path: string;
    readonly tag?: string;
    /** "sha256:" and 64 lower-case hex digits, or a sha384 or sha512 digest. */
    readonly digest?: string;
}

/** A reference split into its parts, before they are checked and the registry normalised. */
type Parts = ImageReference;

/**
 * Parses `value` as Docker would, or throws an `InvalidReferenceError` naming the first
 * fault. `field` labels the value in messages, e.g. "icm:dockerImage".
 */
export function parseImageReference(value: string, field: string): ImageReference {
    const fail = (reason: string, shown = value) => new InvalidReferenceError(field, shown, reason);
    const lastSlash = value.lastIndexOf("/");
    const userInfoAt = lastSlash < 0 ? -1 : value.lastIndexOf("@", lastSlash);

    // A digest never holds "/", so an "@" before one can only end a user name or password.
    if (userInfoAt >= 0) {
        throw fail(USER_INFO_FAULT, hideUserInfo(value, userInfoAt));
    }

    const fault = earlyFault(value);

    if (fault !== undefined) {
        throw fail(fault);
    }

    const parts = split(value);
    const partFault = registryFault(parts) ?? nameFault(parts) ?? tagAndDigestFault(parts);

    if (partFault !== undefined) {
        throw fail(partFault);
    }

    return {
        ...(parts.registry !== undefined && { registry: canonicalRegistry(parts.registry) }),
        path: parts.path,
        ...(parts.tag !== undefined && { tag: parts.tag }),
        ...(parts.digest !== undefined && { digest: parts.digest }),
    };
}

function earlyFault(value: string): string | undefined {
    const scheme = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.exec(value)?.[0];

    if (/\s/.test(value)) {
        return "it contains white space; remove it";
    }

    if (scheme !== undefined) {
        return `an image reference has no scheme; remove "${scheme}"`;
    }

    return undefined;
}

/** Splits `[registry/]path[:tag][@digest]` the way Docker does, without judging the parts. */
function split(value: string): Parts {
    const at = value.indexOf("@");
    const name = at < 0 ? value : value.slice(0, at);
    const colon = name.lastIndexOf(":");
    const hasTag = colon > name.lastIndexOf("/");
    const repository = hasTag ? name.slice(0, colon) : name;
    const slash = repository.indexOf("/");
    const first = repository.slice(0, slash);

    // Docker's rule: the first part names a registry only if it looks like a host.
    const named = slash >= 0 && (/[.:]/.test(first) || first === "localhost");

    return {
        ...(named && { registry: first }),
        path: named ? repository.slice(slash + 1) : repository,
        ...(hasTag && { tag: name.slice(colon + 1) }),
        ...(at >= 0 && { digest: value.slice(at + 1) }),
    };
}

function registryFault({ registry, path }: Parts): string | undefined {
    const fault = registry === undefined ? undefined : hostFault(registry);

    if (fault !== undefined) {
        return `the registry ${JSON.stringify(registry)} is not valid: ${fault}`;
    }

    if (registry !== undefined && path === "") {
        return `no repository follows the registry; add one, as in "${registry}/intersystems/iris"`;
    }

    return undefined;
}

function nameFault({ registry, path }: Parts): string | undefined {
    const length = registry === undefined ? path.length : registry.length + 1 + path.length;

    if (path === "") {
        return "the repository name is missing";
    }

    return (
        pathFault(path) ??
        (length > NAME_MAX
            ? `the name is ${length} characters long; at most ${NAME_MAX} are allowed`
            : undefined)
    );
}

function tagAndDigestFault({ tag, digest }: Parts): string | undefined {
    return (
        (tag === undefined ? undefined : tagFault(tag)) ??
        (digest === undefined ? undefined : digestFault(digest))
    );
}
