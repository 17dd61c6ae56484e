/**
 * One error class per way an image check can fail. Messages name the registry, repository
 * and reference and say what to do; none ever holds a user name, password or token.
 */

/** Where a failure happened: the image being checked and, when there was one, the HTTP status. */
export interface RegistryErrorContext {
    registry: string;
    repository: string;
    /** The tag or digest being checked. */
    reference: string;
    status?: number;
}

const SET_CREDENTIALS =
    "set them with `pulumi config set icm:dockerUsername <user>` and " +
    "`pulumi config set --secret icm:dockerPassword`, or give DockerUsername and " +
    "DockerPassword in defaults.json";

const MAY_BE_MISSING =
    " This registry answers the same way when the repository does not exist, so check the " +
    "repository part of DockerImage too.";

/** The base of every failure to verify an image on its registry. */
export class RegistryError extends Error {
    readonly registry: string;
    readonly repository: string;
    readonly reference: string;
    readonly status?: number;

    constructor(context: RegistryErrorContext, message: string, options?: ErrorOptions) {
        super(message, options);
        this.name = new.target.name;
        this.registry = context.registry;
        this.repository = context.repository;
        this.reference = context.reference;
        this.status = context.status;
    }
}

/** The registry has no repository of that name. */
export class RepositoryNotFoundError extends RegistryError {
    constructor(context: RegistryErrorContext) {
        super(
            context,
            `Repository "${context.repository}" does not exist on registry ${context.registry} ` +
                `(looked for ${describeReference(context)}). Check the repository part of ` +
                `DockerImage and that DockerRegistry names the registry that holds it.`,
        );
    }
}

/** The repository exists but holds no manifest under that tag or digest. */
export class TagNotFoundError extends RegistryError {
    /** False when the registry would not say whether the repository exists. */
    readonly repositoryExists: boolean;

    constructor(context: RegistryErrorContext, repositoryExists = true) {
        const where = repositoryExists
            ? `the repository exists, but has no ${describeReference(context)}`
            : `it has no ${describeReference(context)} (the registry would not say whether the repository exists)`;
        super(
            context,
            `Image ${imageName(context)} was not found on registry ${context.registry}: ${where}. ` +
                `Check the ${kindOf(context)} in DockerImage.`,
        );
        this.repositoryExists = repositoryExists;
    }
}

/** The registry demands credentials and none were given. */
export class CredentialsMissingError extends RegistryError {
    constructor(context: RegistryErrorContext, mayBeMissing = false) {
        const missing = mayBeMissing ? MAY_BE_MISSING : "";
        super(
            context,
            `Registry ${context.registry} requires credentials to pull ${imageName(context)}, ` +
                `and none were given: ${SET_CREDENTIALS}.${missing}`,
        );
    }
}

/** The registry, or its token service, rejected the user name and password. */
export class CredentialsRefusedError extends RegistryError {
    constructor(context: RegistryErrorContext, service = `Registry ${context.registry}`) {
        super(
            context,
            `${service} refused the credentials given for ${imageName(context)}` +
                `${statusNote(context)}. Check icm:dockerUsername and icm:dockerPassword ` +
                "(or DockerUsername and DockerPassword in defaults.json); set the password " +
                "again with `pulumi config set --secret icm:dockerPassword`.",
        );
    }
}

/** The credentials were accepted, but they may not pull this repository. */
export class AccessDeniedError extends RegistryError {
    constructor(context: RegistryErrorContext, mayBeMissing = false) {
        const missing = mayBeMissing ? MAY_BE_MISSING : "";
        super(
            context,
            `Registry ${context.registry} denied pull access to ${imageName(context)}` +
                `${statusNote(context)}. Ask the registry's administrator for pull access, ` +
                `or use credentials that have it.${missing}`,
        );
    }
}

/** Why a registry could not be reached. */
export type UnreachableReason = "dns" | "refused" | "timeout" | "reset" | "network";

const UNREACHABLE_TEXT: Record<UnreachableReason, string> = {
    dns: "its host name could not be resolved (DNS)",
    refused: "the connection was refused, so nothing listens at that address",
    timeout: "it did not answer in time",
    reset: "the connection was reset",
    network: "the network failed",
};

/** No answer came from the registry: DNS, a refused connection, a reset or a time-out. */
export class RegistryUnreachableError extends RegistryError {
    readonly reason: UnreachableReason;

    constructor(
        context: RegistryErrorContext,
        reason: UnreachableReason,
        detail: string,
        options?: ErrorOptions,
    ) {
        super(
            context,
            `Could not reach registry ${context.registry} to check ${imageName(context)}: ` +
                `${UNREACHABLE_TEXT[reason]} (${detail}). Check DockerRegistry, that the registry ` +
                `is up, and HTTPS_PROXY / HTTP_PROXY / NO_PROXY if this machine needs a proxy.`,
            options,
        );
        this.reason = reason;
    }
}

/** The registry's TLS certificate does not chain to a trusted CA or does not fit its name. */
export class TlsUntrustedError extends RegistryError {
    constructor(context: RegistryErrorContext, detail: string, options?: ErrorOptions) {
        super(
            context,
            `The TLS certificate of registry ${context.registry} is not trusted (${detail}). ` +
                `Give the CA that signed it with ` +
                "`pulumi config set icm:registryCaFile <path to CA PEM>`.",
            options,
        );
    }
}

/** The registry kept answering 429 Too Many Requests. */
export class RateLimitedError extends RegistryError {
    /** How long the registry asked to wait, when it said. */
    readonly retryAfterSeconds?: number;

    constructor(context: RegistryErrorContext, retryAfterSeconds?: number) {
        const wait =
            retryAfterSeconds === undefined
                ? "try again later"
                : `it asks to wait ${retryAfterSeconds} s before trying again`;
        super(
            context,
            `Registry ${context.registry} is limiting requests (HTTP 429) while checking ` +
                `${imageName(context)}: ${wait}. Logging in with DockerUsername and ` +
                `DockerPassword often raises the limit.`,
        );
        this.retryAfterSeconds = retryAfterSeconds;
    }
}

/** The registry answered in a way this client does not expect. */
export class RegistryProtocolError extends RegistryError {
    constructor(context: RegistryErrorContext, detail: string, options?: ErrorOptions) {
        super(
            context,
            `Registry ${context.registry} answered unexpectedly while checking ` +
                `${imageName(context)}${statusNote(context)}: ${detail}.`,
            options,
        );
    }
}

function imageName(context: RegistryErrorContext): string {
    const separator = isDigest(context.reference) ? "@" : ":";

    return `${context.repository}${separator}${context.reference}`;
}

function describeReference(context: RegistryErrorContext): string {
    return `${kindOf(context)} "${context.reference}"`;
}

function kindOf(context: RegistryErrorContext): string {
    return isDigest(context.reference) ? "digest" : "tag";
}

function statusNote(context: RegistryErrorContext): string {
    return context.status === undefined ? "" : ` (HTTP ${context.status})`;
}

function isDigest(reference: string): boolean {
    return reference.includes(":");
}
