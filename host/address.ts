import { readFileSync } from "node:fs";
import { isIP } from "node:net";

/** Thrown for a host name or address that SSH could not connect to as written. */
export class InvalidHostError extends Error {
    constructor(
        readonly field: string,
        readonly value: string,
        reason: string,
    ) {
        super(
            `${field}: ${JSON.stringify(value)} is not a host name or IP address: ${reason}. ` +
                'Examples of valid values: "10.0.0.5", "node1.example.com".',
        );
        this.name = "InvalidHostError";
    }
}

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;

/** Checks a host name (RFC 1123) or an IPv4/IPv6 address and returns it unchanged. */
export function checkHost(value: string, field: string): string {
    if (value === "") {
        throw new InvalidHostError(field, value, "it is empty");
    }
    if (isIP(value) !== 0) {
        return value;
    }
    if (/\s/.test(value)) {
        throw new InvalidHostError(field, value, "it contains white space");
    }
    if (value.length > 253) {
        throw new InvalidHostError(field, value, "it is longer than 253 characters");
    }

    const labels = value.replace(/\.$/, "").split(".");
    const bad = labels.find((label) => !LABEL.test(label));
    if (bad !== undefined) {
        throw new InvalidHostError(
            field,
            value,
            `the part ${JSON.stringify(bad)} may hold only letters, digits and inner hyphens`,
        );
    }

    return value;
}

/** Checks an SSH port number. */
export function checkPort(value: number, field: string): number {
    if (!Number.isInteger(value) || value < 1 || value > 65535) {
        throw new Error(
            `${field}: ${value} is not a port number; use a whole number from 1 to 65535.`,
        );
    }

    return value;
}

/** Checks a login user name for SSH: the characters POSIX allows in user names. */
export function checkUser(value: string, field: string): string {
    if (!/^[a-z_][a-z0-9_.-]*\$?$/i.test(value) || value.length > 32) {
        throw new Error(
            `${field}: ${JSON.stringify(value)} is not a valid user name: use letters, digits, ` +
                '".", "_" and "-", starting with a letter or "_" (for example "icmuser").',
        );
    }

    return value;
}

/** Reads an SSH private key file; an unreadable one is an error naming `field` and the path. */
export function readPrivateKey(path: string, field: string): string {
    try {
        return readFileSync(path, "utf8");
    } catch (err) {
        const reason = (err as NodeJS.ErrnoException).code ?? "unreadable";
        throw new Error(
            `${field}: cannot read the private key file ${JSON.stringify(path)} (${reason}). ` +
                "Give the path of the SSH private key for the node (ICM's SSHPrivateKey).",
            { cause: err },
        );
    }
}
