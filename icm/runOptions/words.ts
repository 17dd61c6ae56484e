/** Splits the flags into words as a POSIX shell would, refusing syntax that would change them. */
import { parse, type ParseEntry } from "shell-quote";

import { RunOptionsError } from "./error";

/** What shell-quote returns for a `$NAME` expansion, which is never performed. */
interface Expansion {
    readonly expansion: string;
}

/**
 * An `--env` flag, its value, the word right after the value (which may be the unquoted rest
 * of it) and further words up to the next flag: no message quotes any of them.
 */
interface EnvScope {
    readonly name?: string;
    /** How many of the next words are in scope whatever they look like. */
    readonly sure: number;
}

const ENV_WORD = /^(?:--env(?:=|$)|-[ditPq]*e=?)(.*)$/s;
const BARE_ENV_WORD = /^(?:--env|-[ditPq]*e)$/;

/**
 * The words of `text`; throws when it holds shell syntax, since then the words are unknown.
 * Known gap: a "#" inside a word and an escaped "*" or "?" count as shell syntax here, so
 * such values need single quotes.
 */
export function shellWords(text: string, field: string): string[] {
    const problems = new Set(quoteFaults(text).map((fault) => `${field}: ${fault}`));
    let entries: (ParseEntry | Expansion)[];

    try {
        entries = parse(text, (name): Expansion => ({ expansion: name }));
    } catch {
        // shell-quote throws on a "${" without "}", and its message quotes the text around it.
        problems.add(
            `${field}: a "\${" is never closed by "}"; write the value itself, or put the word ` +
                'in single quotes to keep "$" literal',
        );
        throw new RunOptionsError([...problems]);
    }

    const words: string[] = [];
    let scope: EnvScope | undefined;

    for (const entry of entries) {
        // A pattern stands for a whole word, which may be an --env flag with its value.
        const word = typeof entry === "string" ? entry : "pattern" in entry ? entry.pattern : "";

        if (typeof entry === "string" || word !== "") {
            scope = envScope(word, scope);
        }
        if (typeof entry === "string") {
            words.push(entry);
        } else {
            problems.add(`${field}: ${scope ? hiddenSyntax(scope) : syntaxFault(entry)}`);
        }
    }
    if (problems.size > 0) {
        throw new RunOptionsError([...problems]);
    }

    return words;
}

/** Quoting that shell-quote lets pass: an unclosed quote, a backquote, a final backslash. */
function quoteFaults(text: string): string[] {
    const faults: string[] = [];
    let quote: "'" | '"' | "$'" | undefined;
    let opened = 0;

    for (let at = 0; at < text.length; at += 1) {
        const char = text[at];

        if (quote === "'") {
            quote = char === "'" ? undefined : quote;
        } else if (char === "\\") {
            at += 1;
            if (at === text.length) {
                faults.push("the flags end with a backslash, which escapes nothing; remove it");
            }
        } else if (quote === "$'") {
            quote = char === "'" ? undefined : quote;
        } else if (char === "`") {
            faults.push(
                `the backquote at character ${at + 1} starts command substitution, which ` +
                    "nothing performs here; put the word in single quotes to keep it literal",
            );
            at = text.includes("`", at + 1) ? text.indexOf("`", at + 1) : text.length;
        } else if (quote === '"') {
            quote = char === '"' ? undefined : quote;
        } else if (char === "'" || char === '"' || (char === "$" && text[at + 1] === "'")) {
            quote = char === "$" ? "$'" : char;
            opened = at;
        }
    }
    if (quote !== undefined) {
        faults.push(`the quote (${quote}) at character ${opened + 1} is never closed; close it`);
    }

    return faults;
}

function envScope(word: string, scope: EnvScope | undefined): EnvScope | undefined {
    const flag = ENV_WORD.exec(word);

    if (flag) {
        return { name: variableOf(flag[1]), sure: BARE_ENV_WORD.test(word) ? 2 : 1 };
    }
    if (scope === undefined) {
        return undefined;
    }
    if (scope.sure === 0) {
        return word.startsWith("-") ? undefined : scope;
    }

    // After a bare flag, the first word is its value, which starts with the variable's name.
    const name = scope.name ?? (scope.sure === 2 ? variableOf(word) : undefined);

    return { name, sure: scope.sure - 1 };
}

/** The variable name of a `NAME=value` assignment, if it has one. */
export function variableOf(assignment: string): string | undefined {
    const equals = assignment.indexOf("=");

    return equals > 0 ? assignment.slice(0, equals) : undefined;
}

function hiddenSyntax(scope: EnvScope): string {
    const flag = scope.name === undefined ? "--env" : `--env ${scope.name}`;

    return (
        `the value of ${flag}, or a word after it, holds shell syntax ($, a * or ? pattern, ` +
        "#, or an operator such as ; or |); put the whole NAME=value in single quotes"
    );
}

function syntaxFault(entry: Exclude<ParseEntry, string> | Expansion): string {
    if ("expansion" in entry) {
        const what =
            entry.expansion === "" ? "an expansion or command substitution" : "an expansion";

        return (
            `"$${entry.expansion}" starts ${what}, which nothing performs here; write ` +
            'the value itself, or put the word in single quotes to keep "$" literal'
        );
    }
    if ("comment" in entry) {
        return (
            '"#" starts a shell comment, which would drop the rest of the options; put a "#" ' +
            "that belongs to a value in single quotes"
        );
    }
    if (entry.op === "glob") {
        return (
            `${JSON.stringify(entry.pattern)} is a file-name pattern a shell would expand; put ` +
            'the word in single quotes to keep "*" and "?" literal'
        );
    }

    return (
        `"${entry.op}" is a shell operator, not part of a docker run flag; remove it, or put ` +
        "the word in single quotes if it belongs to a value"
    );
}
