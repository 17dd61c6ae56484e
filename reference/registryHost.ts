/** Registry host names: reading them as users write them, and naming them as Docker does. */
import { InvalidRegistryError } from "./errors";
import { hostFault } from "./hostGrammar";
import { isLoopbackHost } from "./loopback";
import { hideUserInfo, USER_INFO_FAULT } from "./userInfo";

/** Docker Hub's canonical registry name. */
export const DOCKER_HUB = "docker.io";

/** Names Docker clients and users give Docker Hub besides its canonical one. */
const HUB_ALIASES: ReadonlySet<string> = new Set([
    DOCKER_HUB,
    "index.docker.io",
    "registry-1.docker.io",
]);

const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//;

/**
 * Reads a registry given as `host`, `host:port`, `[v6]:port` or an http(s) URL, as ICM's
 * samples write it, and returns the normalised host[:port]. `field` labels the value in
 * messages, e.g. "defaults.json: DockerRegistry". Any path after the host is ignored, and
 * so is the scheme: Docker always tries https first, whatever the user wrote.
 */
export function parseRegistryHost(value: string, field: string): string {
    const fail = (reason: string, shown = value) => new InvalidRegistryError(field, shown, reason);
    const at = value.lastIndexOf("@");

    // Before any other check, so that no message shows a password pasted into the value.
    if (at >= 0) {
        throw fail(USER_INFO_FAULT, hideUserInfo(value, at));
    }

    if (value === "") {
        throw fail("the value is empty");
    }

    if (/\s/.test(value)) {
        throw fail("it contains white space; remove it");
    }

    const scheme = SCHEME.exec(value)?.[1];

    if (scheme !== undefined && !/^https?$/i.test(scheme)) {
        throw fail(`the scheme "${scheme}://" is not allowed; use "https://", "http://" or none`);
    }

    const rest = scheme === undefined ? value : value.slice(scheme.length + 3);
    const host = rest.split("/")[0];
    const fault = hostFault(host);

    if (fault !== undefined) {
        throw fail(fault);
    }

    return canonicalRegistry(host);
}

/**
 * A valid host[:port] in its one spelling: lower-case, with Docker Hub's aliases
 * (index.docker.io, registry-1.docker.io) replaced by "docker.io".
 */
export function canonicalRegistry(host: string): string {
    const lower = host.toLowerCase();

    return HUB_ALIASES.has(lower) ? DOCKER_HUB : lower;
}

/** The host[:port] that serves a registry's /v2/ API: "registry-1.docker.io" for Docker Hub. */
export function registryEndpoint(registry: string): string {
    const host = canonicalRegistry(registry);

    return host === DOCKER_HUB ? "registry-1.docker.io" : host;
}

/** The key Docker files a registry's login under in config.json's "auths". */
export function dockerConfigKey(registry: string): string {
    const host = canonicalRegistry(registry);

    return host === DOCKER_HUB ? "https://index.docker.io/v1/" : host;
}

/** True when the registry is on this machine (127.0.0.0/8, ::1, localhost), at any port. */
export function isLoopbackRegistry(registry: string): boolean {
    const bracketed = /^\[([^\]]*)\]/.exec(registry)?.[1];
    const unbracketedV6 = registry.split(":").length > 2;
    const host = bracketed ?? (unbracketedV6 ? registry : registry.split(":")[0]);

    return isLoopbackHost(host);
}
