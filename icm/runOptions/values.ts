/** General value parsers: text, lists, key=value pairs, whole numbers, sizes and device rates. */
import { isIP } from "node:net";

import type { Apply, KeyOf, RunOptions } from "./types";

const SIZE = /^(\d+(?:\.\d+)?) ?([kmgtp])?i?b?$/i;
const WHOLE = /^-?\d+$/;
const MIB = 1024 * 1024;

const EMPTY = "is empty; give a value, or remove the flag";
const SIZE_HINT =
    "use bytes, or a number with the unit k, m or g (powers of 1024), such as 512m or 4g";

/** Bytes in a size as docker run reads it: 512m, 4g, 1.5g, 1024k or plain bytes. */
function bytesOf(value: string): number | undefined {
    const match = SIZE.exec(value);

    if (!match) {
        return undefined;
    }

    const power = match[2] === undefined ? 0 : "kmgtp".indexOf(match[2].toLowerCase()) + 1;

    return Math.floor(Number(match[1]) * 1024 ** power);
}

/** A whole number of at least `least`, or undefined when `value` is none. */
export function wholeOf(value: string, least: number): number | undefined {
    const number = Number(value);

    return WHOLE.test(value) && Number.isSafeInteger(number) && number >= least
        ? number
        : undefined;
}

/** Why a value is refused, or undefined when it is fine. */
type Check = (value: string) => string | undefined;

/** Sets a text setting; an empty value or one `check` refuses is not set. */
export function text(key: KeyOf<string>, check?: Check): Apply {
    return (settings, value) => {
        const fault = value === "" ? EMPTY : check?.(value);

        if (fault === undefined) {
            settings[key] = value;
        }

        return fault;
    };
}

/** Adds to a list setting; an empty value or one `check` refuses is not added. */
export function list(into: (settings: RunOptions) => string[], check?: Check): Apply {
    return (settings, value) => {
        const fault = value === "" ? EMPTY : check?.(value);

        if (fault === undefined) {
            into(settings).push(value);
        }

        return fault;
    };
}

/** Sets a `key=value` pair in a map setting; a repeated key wins. */
export function pairs(into: (settings: RunOptions) => Record<string, string>): Apply {
    return (settings, value) => {
        const equals = value.indexOf("=");

        if (equals <= 0) {
            return `${JSON.stringify(value)} is not key=value; write it as key=value`;
        }

        put(into(settings), value.slice(0, equals), value.slice(equals + 1));

        return undefined;
    };
}

/** Sets a whole-number setting of at least `least`. */
export function whole(key: KeyOf<number>, least: number): Apply {
    return (settings, value) => {
        const number = wholeOf(value, least);

        if (number === undefined) {
            return `${JSON.stringify(value)} is not a whole number of at least ${least}`;
        }

        settings[key] = number;

        return undefined;
    };
}

/** A size flag; `unlimited` lets -1 through, as `--memory-swap` means no limit by it. */
export function mebibytes(key: KeyOf<number>, unlimited = false): Apply {
    return (settings, value) => {
        if (unlimited && value === "-1") {
            settings[key] = -1;
            return undefined;
        }

        const bytes = bytesOf(value);

        if (bytes === undefined) {
            const other = unlimited ? ", or -1 for no limit" : "";
            return `${JSON.stringify(value)} is not a size; ${SIZE_HINT}${other}`;
        }

        settings[key] = Math.ceil(bytes / MIB);

        return undefined;
    };
}

/** Adds a `path:rate` limit; `size` reads the rate as a size in bytes, else as a count. */
export function deviceRate(key: KeyOf<{ path: string; rate: number }[]>, size: boolean): Apply {
    return (settings, value) => {
        const colon = value.lastIndexOf(":");
        const path = value.slice(0, colon);
        const amount = value.slice(colon + 1);
        const rate = size ? bytesOf(amount) : wholeOf(amount, 0);

        if (colon < 0 || !path.startsWith("/") || rate === undefined) {
            const example = size ? "/dev/sda:10m" : "/dev/sda:1000";
            return `${JSON.stringify(value)} is not path:rate; write it as ${example}`;
        }

        (settings[key] ??= []).push({ path, rate });

        return undefined;
    };
}

/** Refuses a path that is not absolute. */
export function absolute(value: string): string | undefined {
    return value.startsWith("/")
        ? undefined
        : `${JSON.stringify(value)} is not an absolute path; start it with /`;
}

/** Refuses a value that is not an IP address. */
export function address(value: string): string | undefined {
    return isIP(value) !== 0
        ? undefined
        : `${JSON.stringify(value)} is not an IP address; use one such as 10.0.0.2`;
}

/** Sets a key of a map, even one such as `__proto__` that plain assignment would not set. */
export function put(map: Record<string, string>, key: string, value: string): void {
    Object.defineProperty(map, key, {
        value,
        enumerable: true,
        writable: true,
        configurable: true,
    });
}

/** Puts `entry` in place of the one `same` finds, or last: a repeated key wins, as in docker. */
export function replaceOrAdd<T>(entries: T[], entry: T, same: (known: T) => boolean): void {
    const index = entries.findIndex(same);

    if (index < 0) {
        entries.push(entry);
    } else {
        entries[index] = entry;
    }
}
