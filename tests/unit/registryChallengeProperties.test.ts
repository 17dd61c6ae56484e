import assert from "node:assert/strict";
import { describe, it } from "node:test";

import fc from "fast-check";

import { ChallengeSyntaxError, parseWwwAuthenticate, type Challenge } from "../../registry";

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

const token = fc.stringMatching(/^[!#$%&'*+\-.^_`|~0-9A-Za-z]{1,10}$/);
const token68 = fc.stringMatching(/^[A-Za-z0-9\-._~+/]{1,12}={0,2}$/);
const space = fc.constantFrom("", " ", "  ", "\t");
const gap = fc.constantFrom(" ", "  ", "\t ");
/** Any text a quoted string can carry: no control characters other than tab. */
const value = fc
    .array(
        fc.oneof(
            fc.constantFrom('"', "\\", " ", "\t", ",", "="),
            fc.string({ unit: "binary", minLength: 1, maxLength: 1 }),
        ),
        { maxLength: 16 },
    )
    .map((chars) => [...chars.join("")].map((char) => (isControl(char) ? "x" : char)).join(""));

function isControl(char: string): boolean {
    const code = char.charCodeAt(0);

    return (code < 0x20 && code !== 0x09) || code === 0x7f;
}

/** A challenge as a server might write it, with the result the parser must give. */
interface Written {
    text: string;
    expected: Challenge;
}

const paramChallenge: fc.Arbitrary<Written> = fc
    .record({
        scheme: token,
        gap,
        params: fc.uniqueArray(
            fc.record({ name: token, value, bare: fc.boolean(), before: space, after: space }),
            { selector: (param) => param.name.toLowerCase(), maxLength: 4 },
        ),
        commas: fc.array(fc.tuple(space, space), { minLength: 4, maxLength: 4 }),
    })
    .map(({ scheme, gap: between, params, commas }) => {
        const written = params.map((param, index) => {
            const shown = param.bare && TOKEN.test(param.value) ? param.value : quote(param.value);
            const [left, right] = commas[index];
            const comma = index === 0 ? "" : `${left},${right}`;
            return `${comma}${param.name}${param.before}=${param.after}${shown}`;
        });
        const text = params.length === 0 ? scheme : `${scheme}${between}${written.join("")}`;
        const expected: Challenge = {
            scheme: scheme.toLowerCase(),
            params: Object.fromEntries(params.map((p) => [p.name.toLowerCase(), p.value])),
        };
        return { text, expected };
    });

const token68Challenge: fc.Arbitrary<Written> = fc
    .tuple(token, gap, token68)
    .map(([scheme, between, credentials]) => ({
        text: `${scheme}${between}${credentials}`,
        expected: { scheme: scheme.toLowerCase(), params: {}, token68: credentials },
    }));

function quote(text: string): string {
    return `"${text.replace(/["\\]/g, (char) => `\\${char}`)}"`;
}

describe("parseWwwAuthenticate properties", () => {
    it("reads back every list of challenges however it is spaced", () => {
        const header = fc.record({
            challenges: fc.array(fc.oneof(paramChallenge, token68Challenge), {
                minLength: 1,
                maxLength: 4,
            }),
            lead: space,
            separators: fc.array(fc.tuple(space, fc.constantFrom(",", ", ,"), space), {
                minLength: 4,
                maxLength: 4,
            }),
        });

        fc.assert(
            fc.property(header, ({ challenges, lead, separators }) => {
                const text = challenges
                    .map((c, i) => (i === 0 ? c.text : separators[i].join("") + c.text))
                    .join("");
                const parsed = parseWwwAuthenticate(`${lead}${text}`);

                assert.deepEqual(
                    parsed,
                    challenges.map((c) => c.expected),
                );
            }),
            { numRuns: 500 },
        );
    });

    it("unescapes every quoted value to what was escaped", () => {
        fc.assert(
            fc.property(value, (text) => {
                const [challenge] = parseWwwAuthenticate(`Bearer realm=${quote(text)}`);

                assert.equal(challenge.params.realm, text);
            }),
        );
    });

    it("throws nothing but ChallengeSyntaxError on arbitrary text", () => {
        const soup = fc.string({
            unit: fc.constantFrom(
                "Basic",
                "Bearer",
                "realm",
                "=",
                '"',
                "\\",
                ",",
                " ",
                "\t",
                "\u0001",
                "x",
            ),
            maxLength: 30,
        });

        fc.assert(
            fc.property(fc.oneof(fc.string(), soup), (text) => {
                try {
                    parseWwwAuthenticate(text);
                } catch (error) {
                    assert.ok(error instanceof ChallengeSyntaxError, String(error));
                }
            }),
            { numRuns: 1000 },
        );
    });
});
