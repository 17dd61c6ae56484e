/**
 * Docker's image reference grammar, one rule per function. Each returns why its part
 * breaks the grammar, or undefined when it is valid, so callers can name the exact fault.
 */
// Hand-written: no npm package follows Docker's grammar exactly and says which rule failed.

/** Longest name (registry and repository path together) Docker accepts. */
export const NAME_MAX = 255;

/** Longest tag Docker accepts. */
export const TAG_MAX = 128;

/** Digest algorithms Docker can verify, with the number of hexadecimal digits of each. */
export const DIGEST_LENGTHS: ReadonlyMap<string, number> = new Map([
    ["sha256", 64],
    ["sha384", 96],
    ["sha512", 128],
]);

const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const IMAGE_ID = /^[a-f0-9]{64}$/;
const TAG = /^\w[\w.-]*$/;

/** Why `path` (the repository path as written) is not a valid repository path. */
export function pathFault(path: string): string | undefined {
    if (IMAGE_ID.test(path)) {
        return "a string of 64 hexadecimal digits is an image ID, not a repository name";
    }

    for (const component of path.split("/")) {
        const fault = componentFault(component, path);

        if (fault !== undefined) {
            return fault;
        }
    }

    return undefined;
}

function componentFault(component: string, path: string): string | undefined {
    const stray = /[^a-z0-9._-]/.exec(component)?.[0];

    if (component === "") {
        return `the repository path ${JSON.stringify(path)} has an empty part; separate its parts with a single "/"`;
    }

    if (stray !== undefined && /[A-Z]/.test(stray)) {
        return "repository names must be lower-case";
    }

    if (stray !== undefined) {
        return `the repository path contains ${JSON.stringify(stray)}; only lower-case letters, digits, ".", "_", "-" and "/" are allowed`;
    }

    if (!/^[a-z0-9]/.test(component) || !/[a-z0-9]$/.test(component)) {
        return `the path part ${JSON.stringify(component)} must begin and end with a letter or digit`;
    }

    if (!PATH_COMPONENT.test(component)) {
        return `the path part ${JSON.stringify(component)} joins letters and digits wrongly: between them use one ".", one or two "_", or any number of "-"`;
    }

    return undefined;
}

/** Why `tag` (the text after the name's last ":") is not a valid tag. */
export function tagFault(tag: string): string | undefined {
    const stray = /[^\w.-]/.exec(tag)?.[0];

    if (tag === "") {
        return `the tag after ":" is empty; write a tag such as "2024.1", or leave out the ":"`;
    }

    if (tag.length > TAG_MAX) {
        return `the tag is ${tag.length} characters long; at most ${TAG_MAX} are allowed`;
    }

    if (stray !== undefined) {
        return `the tag contains ${JSON.stringify(stray)}; tags may contain only letters, digits, "_", "." and "-"`;
    }

    if (!TAG.test(tag)) {
        return `the tag must begin with a letter, digit or "_"`;
    }

    return undefined;
}

/** Why `digest` (the text after "@") is not a digest Docker can verify. */
export function digestFault(digest: string): string | undefined {
    const colon = digest.indexOf(":");
    const algorithm = digest.slice(0, colon);
    const hex = digest.slice(colon + 1);
    const length = DIGEST_LENGTHS.get(algorithm);
    const stray = /[^a-f0-9]/.exec(hex)?.[0];

    if (digest === "") {
        return `the digest after "@" is empty; write it as "sha256:" followed by 64 hexadecimal digits`;
    }

    if (colon < 0) {
        return `the digest has no ":"; write it as "sha256:" followed by 64 hexadecimal digits`;
    }

    if (length === undefined) {
        return `the digest algorithm ${JSON.stringify(algorithm)} is not supported; use sha256, sha384 or sha512`;
    }

    if (stray !== undefined) {
        return `the digest contains ${JSON.stringify(stray)}; its hexadecimal digits must be 0-9 or lower-case a-f`;
    }

    if (hex.length !== length) {
        return `a ${algorithm} digest has ${length} hexadecimal digits after "${algorithm}:", this one has ${hex.length}`;
    }

    return undefined;
}
