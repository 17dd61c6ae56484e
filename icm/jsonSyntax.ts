/**
 * Finds where JSON text goes wrong. JSON.parse's own messages quote the text around the
 * fault, which may be a password, so they never reach a user; this scanner says where and
 * why without showing any of the text.
 */

/** The first fault in a JSON text: 1-based line and column, and what is wrong there. */
export interface JsonFault {
    readonly line: number;
    readonly column: number;
    readonly reason: string;
}

class Fault extends Error {
    constructor(
        readonly offset: number,
        readonly reason: string,
    ) {
        super(reason);
    }
}

const WHITE_SPACE = new Set([" ", "\t", "\n", "\r"]);
const SIMPLE_ESCAPES = new Set(['"', "\\", "/", "b", "f", "n", "r", "t"]);
const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/;

/** The first syntax fault in `text`, or undefined when the scanner finds none. */
export function findJsonFault(text: string): JsonFault | undefined {
    try {
        new Scanner(text).document();
        return undefined;
    } catch (error) {
        if (!(error instanceof Fault)) {
            throw error;
        }

        return { ...lineAndColumn(text, error.offset), reason: error.reason };
    }
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
    const before = text.slice(0, offset).split("\n");

    return { line: before.length, column: before[before.length - 1].length + 1 };
}

class Scanner {
    private at = 0;

    constructor(private readonly text: string) {}

    document(): void {
        this.value();
        this.skipSpace();

        if (this.at < this.text.length) {
            this.fail("more text follows the end of the JSON value; remove it");
        }
    }

    private value(): void {
        this.skipSpace();
        const character = this.text[this.at];

        if (character === "{") {
            this.object();
        } else if (character === "[") {
            this.array();
        } else if (character === '"') {
            this.string();
        } else if (character === "-" || (character >= "0" && character <= "9")) {
            this.number();
        } else {
            this.literal();
        }
    }

    private object(): void {
        this.at++;
        this.skipSpace();

        if (this.text[this.at] === "}") {
            this.at++;
            return;
        }

        for (;;) {
            this.skipSpace();
            this.key();
            this.skipSpace();
            this.expect(":", 'a ":" must follow each field name');
            this.value();

            if (this.endOfList("}")) {
                return;
            }
        }
    }

    private key(): void {
        this.endOfText();
        const character = this.text[this.at];

        if (character === "}") {
            this.fail('a comma comes right before "}"; remove that comma');
        }

        if (character !== '"') {
            this.fail('expected a field name in double quotes, such as "DockerImage"');
        }

        this.string();
    }

    private array(): void {
        this.at++;
        this.skipSpace();

        if (this.text[this.at] === "]") {
            this.at++;
            return;
        }

        for (;;) {
            this.skipSpace();

            if (this.text[this.at] === "]") {
                this.fail('a comma comes right before "]"; remove that comma');
            }

            this.value();

            if (this.endOfList("]")) {
                return;
            }
        }
    }

    /** After a member: true at the closing bracket, false after a comma. */
    private endOfList(close: string): boolean {
        this.skipSpace();
        this.endOfText();
        const character = this.text[this.at];

        if (character !== close && character !== ",") {
            this.fail(`expected "," between members or "${close}" to close the list`);
        }

        this.at++;

        return character === close;
    }

    private string(): void {
        this.at++;

        for (;;) {
            this.endOfText("a string is not closed; add the closing double quote");
            const code = this.text.charCodeAt(this.at);

            if (code === 0x22) {
                this.at++;
                return;
            }

            if (code < 0x20) {
                this.fail("a string holds a line break or control character; write it as \\n");
            }

            if (code === 0x5c) {
                this.escape();
            } else {
                this.at++;
            }
        }
    }

    private escape(): void {
        const next = this.text[this.at + 1];

        if (next !== undefined && SIMPLE_ESCAPES.has(next)) {
            this.at += 2;
            return;
        }

        if (next === "u" && /^[0-9a-fA-F]{4}$/.test(this.text.slice(this.at + 2, this.at + 6))) {
            this.at += 6;
            return;
        }

        this.fail("a backslash in a string starts no valid escape; write a backslash as \\\\");
    }

    private number(): void {
        const match = NUMBER.exec(this.text.slice(this.at));

        if (match === null) {
            this.fail("a number is malformed");
        }

        this.at += match[0].length;
    }

    private literal(): void {
        for (const word of ["true", "false", "null"]) {
            if (this.text.startsWith(word, this.at)) {
                this.at += word.length;
                return;
            }
        }

        this.endOfText();
        this.fail("expected a value: a string in double quotes, number, true, false, null, { or [");
    }

    private skipSpace(): void {
        while (this.at < this.text.length && WHITE_SPACE.has(this.text[this.at])) {
            this.at++;
        }

        // Outside strings a "/" is never valid, so one that starts a comment is the fault.
        if (this.text.startsWith("//", this.at) || this.text.startsWith("/*", this.at)) {
            this.fail("JSON has no comments; remove the comment");
        }
    }

    private expect(character: string, reason: string): void {
        this.endOfText();

        if (this.text[this.at] !== character) {
            this.fail(reason);
        }

        this.at++;
    }

    private endOfText(
        reason = 'the text ends too early; a closing "}" or "]" may be missing',
    ): void {
        if (this.at >= this.text.length) {
            this.fail(reason);
        }
    }

    private fail(reason: string): never {
        throw new Fault(this.at, reason);
    }
}
