import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { escapeIcmPassword, IcmConfigError, unescapeIcmPassword } from "../../icm";

const FIELD = "defaults.json: DockerPassword";

describe("unescapeIcmPassword", () => {
    const cases: [string, string, string][] = [
        ["turns the documented abc\\$def into abc$def", "abc\\$def", "abc$def"],
        ["keeps a value without backslashes as it is", "plain-Pass_1", "plain-Pass_1"],
        ["turns an escaped backslash into one backslash", "a\\\\b", "a\\b"],
        ["unescapes each of several shell characters", "\\|\\(x\\)\\;", "|(x);"],
        ["takes a backslash before an ordinary letter as that letter", "\\a\\b", "ab"],
        ["keeps non-ASCII characters", "\\ü\\€x", "ü€x"],
        ["gives the empty string for the empty string", "", ""],
    ];

    for (const [name, written, real] of cases) {
        it(name, () => {
            assert.equal(unescapeIcmPassword(written, FIELD), real);
        });
    }

    it("reads the documented JSON text abc\\\\$def as the password abc$def", () => {
        const parsed: unknown = JSON.parse('{ "DockerPassword": "abc\\\\$def" }');

        assert.deepEqual(parsed, { DockerPassword: "abc\\$def" });
        assert.equal(unescapeIcmPassword("abc\\$def", FIELD), "abc$def");
    });

    for (const written of ["abc\\", "\\", "ab\\\\\\"]) {
        it(`rejects ${JSON.stringify(written)}, whose last backslash escapes nothing`, () => {
            assert.throws(
                () => unescapeIcmPassword(written, FIELD),
                (error: unknown) => {
                    assert.ok(error instanceof IcmConfigError);
                    assert.deepEqual(error.problems, [
                        "defaults.json: DockerPassword: the value ends in a lone backslash, which " +
                            "escapes nothing; if the password ends in a backslash, write it as four " +
                            "backslashes (\\\\\\\\) in the JSON file, otherwise remove the last one",
                    ]);
                    return true;
                },
            );
        });
    }

    it("names the field in its error but never the value", () => {
        const secret = "Zq$7|(s3cr3t)'\"\\;ü";

        assert.throws(
            () => unescapeIcmPassword(`${secret}\\`, FIELD),
            (error: unknown) => {
                assert.ok(error instanceof Error);
                assert.ok(error.message.startsWith(`${FIELD}: `));
                assert.ok(!error.message.includes("s3cr3t"));
                return true;
            },
        );
    });
});

describe("escapeIcmPassword", () => {
    it("gives back any password after unescaping", () => {
        fc.assert(
            fc.property(fc.string({ unit: "binary" }), (password) => {
                assert.equal(unescapeIcmPassword(escapeIcmPassword(password), FIELD), password);
            }),
        );
    });

    it("gives back a password made of shell syntax after unescaping", () => {
        const shellish = fc.string({ unit: fc.constantFrom(..."\\$|()&;<>`\"' *?[]{}!#~a") });

        fc.assert(
            fc.property(shellish, (password) => {
                assert.equal(unescapeIcmPassword(escapeIcmPassword(password), FIELD), password);
            }),
        );
    });

    it("leaves letters and digits alone", () => {
        fc.assert(
            fc.property(fc.stringMatching(/^[A-Za-z0-9]*$/), (password) => {
                assert.equal(escapeIcmPassword(password), password);
            }),
        );
    });

    it("writes the documented example abc$def as abc\\$def", () => {
        assert.equal(escapeIcmPassword("abc$def"), "abc\\$def");
    });
});
