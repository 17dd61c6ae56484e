/**
 * The host part of Docker's reference grammar: a DNS name, an IPv4 address or a bracketed
 * IPv6 address, then an optional port. Each function returns why its part is invalid.
 */
import { isIPv6 } from "node:net";

const LABEL_CHARACTERS = /[^A-Za-z0-9-]/;

/** Why `host` (`name`, `name:port`, `[v6]` or `[v6]:port`) is not a registry host. */
export function hostFault(host: string): string | undefined {
    if (host === "") {
        return "the host name is empty";
    }

    if (host.startsWith("[")) {
        return bracketedFault(host);
    }

    const parts = host.split(":");

    if (parts.length > 2) {
        return `an IPv6 address must be written in brackets, as in "[::1]:5000"`;
    }

    return nameFault(parts[0]) ?? (parts.length === 2 ? portFault(parts[1]) : undefined);
}

function bracketedFault(host: string): string | undefined {
    const close = host.indexOf("]");
    const address = host.slice(1, close);
    const rest = host.slice(close + 1);

    if (close < 0) {
        return `the IPv6 address has no closing "]"`;
    }

    // Docker's grammar allows only hex digits and ":" inside the brackets: no zone, no IPv4 tail.
    if (!/^[0-9A-Fa-f:]+$/.test(address) || !isIPv6(address)) {
        return `${JSON.stringify(address)} is not an IPv6 address written with hex digits and ":"`;
    }

    if (rest === "") {
        return undefined;
    }

    return rest.startsWith(":")
        ? portFault(rest.slice(1))
        : `${JSON.stringify(rest)} follows the IPv6 address; only ":" and a port may follow it`;
}

function nameFault(name: string): string | undefined {
    const stray = LABEL_CHARACTERS.exec(name.replace(/\./g, ""))?.[0];

    if (name === "") {
        return "the host name is empty";
    }

    if (stray !== undefined) {
        return `the host name contains ${JSON.stringify(stray)}; only letters, digits, "-" and "." are allowed`;
    }

    for (const label of name.split(".")) {
        if (label === "") {
            return `the host name ${JSON.stringify(name)} has an empty part: a "." at either end or two in a row`;
        }

        if (label.startsWith("-") || label.endsWith("-")) {
            return `the host name part ${JSON.stringify(label)} must begin and end with a letter or digit`;
        }
    }

    return undefined;
}

function portFault(port: string): string | undefined {
    if (port === "") {
        return `the port after ":" is empty; write a port such as 5000, or leave out the ":"`;
    }

    if (!/^[0-9]+$/.test(port)) {
        return `the port ${JSON.stringify(port)} is not a number; write digits only, such as 5000`;
    }

    if (port.startsWith("0") && Number(port) > 0) {
        return `the port ${JSON.stringify(port)} starts with a zero; write it as ${Number(port)}`;
    }

    if (Number(port) < 1 || Number(port) > 65535) {
        return `the port ${port} is outside the range 1 to 65535`;
    }

    return undefined;
}
