import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { IcmConfigError, parseDefaultsText } from "../../icm";
import { findJsonFault } from "../../icm/jsonSyntax";

function problemsOf(text: string): readonly string[] {
    try {
        parseDefaultsText(text, "defaults.json");
    } catch (error) {
        assert.ok(error instanceof IcmConfigError);
        return error.problems;
    }

    return assert.fail("expected an IcmConfigError");
}

describe("JSON faults in ICM files", () => {
    const cases: [string, string, string][] = [
        [
            "points at a trailing comma in an object",
            '{\n    "Tag": "TEST",\n}',
            'line 3, column 1: a comma comes right before "}"; remove that comma',
        ],
        [
            "points at a trailing comma in an array",
            '{ "a": [1, 2, ] }',
            'line 1, column 15: a comma comes right before "]"; remove that comma',
        ],
        [
            "points at a missing comma between fields",
            '{\n  "Label": "A"\n  "Tag": "B"\n}',
            'line 3, column 3: expected "," between members or "}" to close the list',
        ],
        [
            "points at a single backslash, as in an unescaped ICM password",
            '{ "DockerPassword": "abc\\$def" }',
            "line 1, column 25: a backslash in a string starts no valid escape; " +
                "write a backslash as \\\\",
        ],
        [
            "points at a field name without quotes",
            "{ Tag: 1 }",
            'line 1, column 3: expected a field name in double quotes, such as "DockerImage"',
        ],
        [
            "points at a missing colon",
            '{ "Tag" "TEST" }',
            'line 1, column 9: a ":" must follow each field name',
        ],
        [
            "points at a comment",
            '{\n  // the registry\n  "Tag": "T"\n}',
            "line 2, column 3: JSON has no comments; remove the comment",
        ],
        [
            "points at a single-quoted string",
            "{ 'Tag': 'T' }",
            'line 1, column 3: expected a field name in double quotes, such as "DockerImage"',
        ],
        [
            "points at a line break inside a string",
            '{ "Tag": "a\nb" }',
            "line 1, column 12: a string holds a line break or control character; write it as \\n",
        ],
        [
            "points at an unclosed string",
            '{ "Tag": "TEST }',
            "line 1, column 17: a string is not closed; add the closing double quote",
        ],
        [
            "points at the end of a text whose brace is missing",
            '{ "Tag": "TEST"',
            'line 1, column 16: the text ends too early; a closing "}" or "]" may be missing',
        ],
        [
            "points at text after the value",
            "{}\n{}",
            "line 2, column 1: more text follows the end of the JSON value; remove it",
        ],
        [
            "points at a malformed number",
            '{ "Count": -x }',
            "line 1, column 12: a number is malformed",
        ],
        [
            "points at a bare word",
            '{ "DockerInit": yes }',
            "line 1, column 17: expected a value: a string in double quotes, number, true, " +
                "false, null, { or [",
        ],
    ];

    for (const [name, text, where] of cases) {
        it(name, () => {
            assert.deepEqual(problemsOf(text), [`defaults.json: is not valid JSON at ${where}`]);
        });
    }

    it("reports an empty file as empty", () => {
        assert.deepEqual(problemsOf(" \n"), [
            "defaults.json: is empty; write the ICM fields in it as JSON",
        ]);
    });

    it("reads a file that starts with a byte order mark", () => {
        assert.equal(parseDefaultsText('\uFEFF{ "Tag": "T" }', "defaults.json").values.Tag, "T");
    });

    it("never quotes the text around the fault, which may be a password", () => {
        const problems = problemsOf('{ "DockerPassword": "s3cr3t"x }');

        assert.equal(problems.length, 1);
        assert.ok(!problems[0].includes("s3cr3t"));
    });
});

describe("findJsonFault", () => {
    it("finds no fault in any text JSON.stringify writes", () => {
        fc.assert(
            fc.property(fc.jsonValue(), fc.constantFrom(undefined, 2, "\t"), (value, space) => {
                assert.equal(findJsonFault(JSON.stringify(value, null, space)), undefined);
            }),
        );
    });

    it("finds a fault exactly when JSON.parse rejects the text", () => {
        const units = fc.constantFrom(...'{}[]":,0123-.eE+ truefalsn\\/\n'.split(""));

        fc.assert(
            fc.property(fc.string({ unit: units, maxLength: 24 }), (text) => {
                let parses = true;

                try {
                    JSON.parse(text);
                } catch {
                    parses = false;
                }

                assert.equal(findJsonFault(text) === undefined, parses);
            }),
            { numRuns: 2000 },
        );
    });
});
