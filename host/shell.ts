/**
 * Quoting for POSIX shells. Written here rather than taken from a package because single
 * quotes are the one form every POSIX shell leaves untouched, and that is all we need.
 */

/** Thrown when a value cannot be passed to a shell at all. */
export class UnquotableError extends Error {
    constructor(readonly field: string) {
        super(
            `${field} contains a NUL character, which no shell command can carry. ` +
                "Remove it from the value.",
        );
        this.name = "UnquotableError";
    }
}

/**
 * Quotes `value` as one shell word that no character of it can end or change.
 * `field` names the setting in the error raised for a value holding a NUL character.
 */
export function shellQuote(value: string, field: string): string {
    if (value.includes("\0")) {
        throw new UnquotableError(field);
    }

    return `'${value.replace(/'/g, `'\\''`)}'`;
}
