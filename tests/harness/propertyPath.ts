import { isRecord, reveal } from "./secrets";

/** One step of a property path: an object key, an array index, or `*` for any of them. */
export type Segment = string | number;

/** The wildcard segment, as in `triggers[*]`. */
export const ANY = "*";

/** Parses `a.b[0]`, `triggers[*]`, `tags["x.y"]` into segments; throws on malformed input. */
export function parsePropertyPath(path: string): Segment[] {
    const segments: Segment[] = [];
    const pattern = /([^.[\]]+)|\[(\d+)\]|\[\*\]|\["((?:[^"\\]|\\.)*)"\]|(\.)/gy;
    let match: RegExpExecArray | null;
    let expectName = true;

    while ((match = pattern.exec(path)) !== null) {
        const [whole, name, index, quoted, dot] = match;

        if (dot !== undefined) {
            expectName = true;
        } else if (name !== undefined) {
            if (!expectName) {
                break;
            }
            segments.push(name);
            expectName = false;
        } else if (index !== undefined) {
            segments.push(Number(index));
        } else if (quoted !== undefined) {
            segments.push(quoted.replace(/\\(.)/g, "$1"));
        } else if (whole === "[*]") {
            segments.push(ANY);
        }

        if (pattern.lastIndex === path.length) {
            return segments;
        }
    }

    throw new Error(
        `property path "${path}" is malformed: use keys joined by dots with [n], [*] or ["key"]`,
    );
}

/** Renders segments back to the `a.b[0]` form. */
export function formatPath(segments: readonly Segment[]): string {
    return segments
        .map((s, i) => {
            if (typeof s === "number") {
                return `[${s}]`;
            }
            if (/^[A-Za-z_$][\w$-]*$/.test(s) || s === ANY) {
                return i === 0 ? s : `.${s}`;
            }
            return `[${JSON.stringify(s)}]`;
        })
        .join("");
}

/** Paths where `before` and `after` differ, secrets compared by their values. */
export function changedPaths(before: unknown, after: unknown): Segment[][] {
    const found: Segment[][] = [];

    const walk = (a: unknown, b: unknown, path: Segment[]): void => {
        if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
            a.forEach((item, i) => walk(item, b[i], [...path, i]));
        } else if (isRecord(a) && isRecord(b)) {
            const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
            for (const key of keys) {
                walk(a[key], b[key], [...path, key]);
            }
        } else if (!sameValue(a, b)) {
            found.push(path);
        }
    };

    walk(reveal(before), reveal(after), []);
    return found;
}

/** True when a change at `changed` touches what `pattern` names (either may be the longer one). */
export function pathsOverlap(pattern: readonly Segment[], changed: readonly Segment[]): boolean {
    const shared = Math.min(pattern.length, changed.length);

    for (let i = 0; i < shared; i++) {
        const p = pattern[i];
        if (p !== ANY && p !== changed[i] && String(p) !== String(changed[i])) {
            return false;
        }
    }

    return true;
}

/** A copy of `after` where what `pattern` names holds the value it has in `before`. */
export function keepPrevious(
    before: unknown,
    after: unknown,
    pattern: readonly Segment[],
): unknown {
    if (pattern.length === 0) {
        return before;
    }

    const [head, ...rest] = pattern;

    if (Array.isArray(after)) {
        const previous: unknown[] = Array.isArray(before) ? before : [];
        return (after as unknown[]).map((item, i) =>
            head === ANY || head === i ? keepPrevious(previous[i], item, rest) : item,
        );
    }

    if (isRecord(after) || isRecord(before)) {
        const next = { ...(isRecord(after) ? after : {}) };
        const previous = isRecord(before) ? before : {};
        const keys = head === ANY ? Object.keys(next) : [String(head)];

        for (const key of keys) {
            const kept = keepPrevious(previous[key], next[key], rest);
            if (kept === undefined) {
                delete next[key];
            } else {
                next[key] = kept;
            }
        }

        return next;
    }

    return after;
}

function sameValue(a: unknown, b: unknown): boolean {
    if (a === b) {
        return true;
    }

    return JSON.stringify(a) === JSON.stringify(b);
}
