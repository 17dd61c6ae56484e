/**
 * Checks of single field values. These fields hold no secrets, so their messages quote the
 * value; no check is ever applied to a password.
 */
import { isIP } from "node:net";
import { nearest, ROLES } from "./fields";

const DNS_LABEL = "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?";
const DNS_NAME = new RegExp(`^${DNS_LABEL}(?:\\.${DNS_LABEL})*\\.?$`);

/** Letters, digits, ".", "_", "@" and "-", never first: a leading "-" would read as an option. */
const USER_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.@-]*$/;

/** Why a Role is not one of ICM's roles, or undefined when it is. */
export function roleFault(value: string): string | undefined {
    if (ROLES.includes(value)) {
        return undefined;
    }

    const suggestion = nearest(value, ROLES);
    const hint = suggestion === undefined ? "" : ` (did you mean ${JSON.stringify(suggestion)}?)`;

    return `${JSON.stringify(value)} is not an ICM role; use one of ${ROLES.join(", ")}${hint}`;
}

/** Why an IPAddress is not an IPv4 or IPv6 address, or undefined when it is one. */
export function ipAddressFault(value: string): string | undefined {
    if (isIP(value) !== 0) {
        return undefined;
    }

    return (
        `${JSON.stringify(value)} is not an IPv4 or IPv6 address; write the host's address ` +
        `without brackets or port, such as "10.0.0.5", or give its name in DNSName`
    );
}

/** Why a DNSName is not a host name, or undefined when it is one. */
export function dnsNameFault(value: string): string | undefined {
    if (value.length <= 253 && DNS_NAME.test(value)) {
        return undefined;
    }

    return (
        `${JSON.stringify(value)} is not a DNS name; use letters, digits, "-" and dots, ` +
        `such as "node1.example.com", or give the host's address in IPAddress`
    );
}

/** Why an SSHUser cannot be a login name, or undefined when it can. */
export function userFault(value: string): string | undefined {
    if (value.length <= 64 && USER_NAME.test(value)) {
        return undefined;
    }

    return (
        `${JSON.stringify(value)} is not a user name; use letters, digits, ".", "_", "@" ` +
        `and "-" (not first), at most 64 characters`
    );
}

/** Why a Label or Tag cannot be part of a node name, or undefined when it can. */
export function namePartFault(value: string): string | undefined {
    if (/^[^\s-]+$/.test(value)) {
        return undefined;
    }

    return (
        `${JSON.stringify(value)} contains "-" or white space, but "-" separates the parts ` +
        `of node names (Label-Role-Tag-NNNN); use letters, digits or "_" instead`
    );
}
