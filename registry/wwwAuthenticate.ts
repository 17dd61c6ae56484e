/** One authentication challenge from a `WWW-Authenticate` header (RFC 7235). */
export interface Challenge {
    /** The scheme in lower case, e.g. `basic` or `bearer`. */
    scheme: string;
    /** Parameters by lower-cased name, quoted values already unescaped. */
    params: Record<string, string>;
    /** The token68 form some schemes use instead of parameters. */
    token68?: string;
}

/** Raised when a `WWW-Authenticate` header does not follow RFC 7235. */
export class ChallengeSyntaxError extends Error {
    constructor(what: string, position: number) {
        super(`WWW-Authenticate header: ${what} at character ${position + 1}`);
        this.name = "ChallengeSyntaxError";
    }
}

// Written by hand: no maintained package parses several challenges in one header.
const TOKEN = /[!#$%&'*+\-.^_`|~0-9A-Za-z]+/y;
const TOKEN68 = /[A-Za-z0-9\-._~+/]+=*(?=[ \t]*(,|$))/y;
const SPACES = /[ \t]*/y;
const PARAM_NAME = /[!#$%&'*+\-.^_`|~0-9A-Za-z]+(?=[ \t]*=)/y;

/**
 * Parses every challenge of a `WWW-Authenticate` header value, in order.
 * A parameter given twice in one challenge keeps its first value.
 */
export function parseWwwAuthenticate(header: string): Challenge[] {
    const cursor = { text: header, at: 0 };
    const challenges: Challenge[] = [];

    skipListSeparators(cursor);
    while (cursor.at < header.length) {
        challenges.push(readChallenge(cursor));

        match(cursor, SPACES);
        if (cursor.at < header.length && header[cursor.at] !== ",") {
            throw new ChallengeSyntaxError("expected a comma between challenges", cursor.at);
        }
        skipListSeparators(cursor);
    }

    if (challenges.length === 0) {
        throw new ChallengeSyntaxError("no challenge", 0);
    }
    return challenges;
}

interface Cursor {
    text: string;
    at: number;
}

function readChallenge(cursor: Cursor): Challenge {
    const scheme = match(cursor, TOKEN);
    if (scheme === undefined) {
        throw new ChallengeSyntaxError("expected an authentication scheme", cursor.at);
    }
    const challenge: Challenge = { scheme: scheme.toLowerCase(), params: {} };

    const spaces = match(cursor, SPACES) ?? "";
    if (spaces.length > 0) {
        const token68 = match(cursor, TOKEN68);
        if (token68 !== undefined) {
            challenge.token68 = token68;
            return challenge;
        }
    }

    readParams(cursor, challenge.params);
    return challenge;
}

/** Reads `name=value` pairs until the text ends or the next challenge's scheme starts. */
function readParams(cursor: Cursor, params: Record<string, string>): void {
    let name = match(cursor, PARAM_NAME);
    while (name !== undefined) {
        match(cursor, SPACES);
        cursor.at++; // the "=" the name pattern looked ahead to
        match(cursor, SPACES);
        const value = readValue(cursor);
        const key = name.toLowerCase();
        if (!Object.hasOwn(params, key)) {
            // Defined rather than assigned, so a parameter named __proto__ stays a plain entry.
            Object.defineProperty(params, key, { value, enumerable: true, writable: true });
        }

        // Separators belong to this challenge only when another parameter follows them.
        const afterValue = cursor.at;
        skipListSeparators(cursor);
        name = match(cursor, PARAM_NAME);
        if (name === undefined) {
            cursor.at = afterValue;
        }
    }
}

function readValue(cursor: Cursor): string {
    if (cursor.text[cursor.at] === '"') {
        return readQuoted(cursor);
    }

    const token = match(cursor, TOKEN);
    if (token === undefined) {
        throw new ChallengeSyntaxError("expected a token or a quoted string", cursor.at);
    }
    return token;
}

function readQuoted(cursor: Cursor): string {
    const opening = cursor.at;
    let value = "";

    for (let at = opening + 1; at < cursor.text.length; at++) {
        const char = cursor.text[at];
        if (char === '"') {
            cursor.at = at + 1;
            return value;
        }
        if (char === "\\") {
            at++;
            if (at >= cursor.text.length) {
                break;
            }
            value += cursor.text[at];
            continue;
        }
        if (!isQuotedText(char)) {
            throw new ChallengeSyntaxError("control character in a quoted string", at);
        }
        value += char;
    }

    throw new ChallengeSyntaxError("quoted string not closed", opening);
}

function isQuotedText(char: string): boolean {
    const code = char.charCodeAt(0);
    return code === 0x09 || (code >= 0x20 && code !== 0x7f);
}

function skipListSeparators(cursor: Cursor): void {
    while (cursor.at < cursor.text.length) {
        const char = cursor.text[cursor.at];
        if (char !== "," && char !== " " && char !== "\t") {
            return;
        }
        cursor.at++;
    }
}

function match(cursor: Cursor, pattern: RegExp): string | undefined {
    pattern.lastIndex = cursor.at;
    const found = pattern.exec(cursor.text);
    if (found === null) {
        return undefined;
    }
    cursor.at = pattern.lastIndex;
    return found[0];
}
