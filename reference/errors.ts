/** The errors raised for values that are not image references or registry hosts. */

/** A value every message offers as a model of a valid image reference. */
export const EXAMPLE_IMAGE = "containers.intersystems.com/intersystems/iris:2024.1";

/** A value every message offers as a model of a valid registry host. */
export const EXAMPLE_REGISTRY = "containers.intersystems.com";

/** A value every message offers as a model of a valid digest. */
export const EXAMPLE_DIGEST =
    "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

/** What an `InvalidReferenceError` was checking: a whole reference, or a digest alone. */
export type ReferenceSubject = "image reference" | "image digest";

/**
 * Thrown when a value breaks Docker's image reference grammar. `value` is the value as
 * written, with any user name and password in it replaced by "***".
 */
export class InvalidReferenceError extends Error {
    constructor(
        readonly field: string,
        readonly value: string,
        readonly reason: string,
        subject: ReferenceSubject = "image reference",
    ) {
        const example = subject === "image digest" ? EXAMPLE_DIGEST : EXAMPLE_IMAGE;

        super(
            `${field}: ${JSON.stringify(value)} is not a valid ${subject}: ${reason}. ` +
                `Example of a valid value: ${JSON.stringify(example)}.`,
        );
        this.name = "InvalidReferenceError";
    }
}

/**
 * Thrown when a value is not a registry host name or address. `value` is the value as
 * written, with any user name and password in it replaced by "***".
 */
export class InvalidRegistryError extends Error {
    constructor(
        readonly field: string,
        readonly value: string,
        readonly reason: string,
    ) {
        super(
            `${field}: ${JSON.stringify(value)} is not a valid registry host: ${reason}. ` +
                `Example of a valid value: ${JSON.stringify(EXAMPLE_REGISTRY)}.`,
        );
        this.name = "InvalidRegistryError";
    }
}
