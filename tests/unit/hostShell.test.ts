import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { describe, it } from "node:test";

import fc from "fast-check";

import { shellQuote } from "../../host";

/** What `sh` makes of the word `quoted`: printed back byte for byte. */
function throughShell(quoted: string): string {
    return execFileSync("sh", ["-c", `printf '%s' ${quoted}`], { encoding: "utf8" });
}

describe("shellQuote", () => {
    const cases: [string, string][] = [
        ["plain", "'plain'"],
        ["", "''"],
        ["it's", "'it'\\''s'"],
        ["$(touch /tmp/x)", "'$(touch /tmp/x)'"],
        ["a\nb", "'a\nb'"],
    ];
    for (const [value, expected] of cases) {
        it(`quotes ${JSON.stringify(value)} as one literal word`, () => {
            assert.equal(shellQuote(value, "field"), expected);
            assert.equal(throughShell(expected), value);
        });
    }

    it("refuses a NUL character, naming the field", () => {
        assert.throws(() => shellQuote("a\0b", "the image"), {
            message:
                "the image contains a NUL character, which no shell command can carry. Remove it from the value.",
        });
    });

    it("hands any string back unchanged through a real shell", () => {
        fc.assert(
            fc.property(
                fc.string({ unit: "binary", maxLength: 40 }).filter((s) => !s.includes("\0")),
                (value) => throughShell(shellQuote(value, "field")) === value,
            ),
            { numRuns: 150 },
        );
    });
});
