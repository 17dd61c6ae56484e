import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import {
    escapeIcmPassword,
    parseDefaultsText,
    parseDefinitionsText,
    resolveSettings,
} from "../../icm";

const PASSWORD = "Zq$7|(s3cr3t)'\"\\;ü";

/** Everything a run says: its warnings, or its error's message. */
function said(run: () => { warnings: readonly string[] }): string {
    try {
        return run().warnings.join("\n");
    } catch (error) {
        assert.ok(error instanceof Error);
        return error.message;
    }
}

function scenarios(password: string): [string, () => { warnings: readonly string[] }][] {
    const escaped = escapeIcmPassword(password);
    const inFile = JSON.stringify(escaped);
    const defaultsText = (fields: string) => () =>
        parseDefaultsText(`{ ${fields} }`, "defaults.json");

    return [
        [
            "a file with the password and wrong types elsewhere",
            defaultsText(`"DockerPassword": ${inFile}, "DockerInit": 3, "Tag": "a-b"`),
        ],
        [
            "a file whose password was pasted without JSON escaping",
            defaultsText(`"DockerUsername": "u", "DockerPassword": "${password}", }`),
        ],
        [
            "a file whose password was pasted without quotes",
            defaultsText(`"DockerPassword": ${password}`),
        ],
        [
            "a misspelt password field",
            defaultsText(`"DockerPasword": ${inFile}, "WeavePasswd": ${inFile}`),
        ],
        [
            "a definitions entry with the password and a bad address",
            () =>
                parseDefinitionsText(
                    `[{ "Role": "DM", "IPAddress": "x", "DockerPassword": ${inFile} }]`,
                    "definitions.json",
                ),
        ],
        [
            "a file password that ends in a lone backslash",
            () =>
                resolveSettings({
                    stack: { dockerImage: "team/app:1" },
                    defaults: {
                        file: "defaults.json",
                        values: { DockerUsername: "u", DockerPassword: `${escaped}\\` },
                    },
                }),
        ],
        [
            "a password without user name",
            () =>
                resolveSettings({ stack: { dockerImage: "team/app:1", dockerPassword: password } }),
        ],
        [
            "credentials sent toward the wrong registry",
            () =>
                resolveSettings({
                    stack: {
                        dockerImage: "ghcr.io/a/b:1",
                        dockerUsername: "u",
                        dockerPassword: password,
                    },
                }),
        ],
        [
            "credentials left unused by a node on another registry",
            () =>
                resolveSettings({
                    stack: {
                        dockerImage: "team/app:1",
                        dockerUsername: "u",
                        dockerPassword: password,
                    },
                    defaults: {
                        file: "defaults.json",
                        values: { DockerRegistry: "a.example.com" },
                    },
                    definitions: {
                        file: "definitions.json",
                        entries: [
                            { Role: "DM", IPAddress: "10.0.0.5", DockerRegistry: "b.example.com" },
                        ],
                    },
                }),
        ],
    ];
}

describe("secrets in messages", () => {
    for (const [name, run] of scenarios(PASSWORD)) {
        it(`shows no password for ${name}`, () => {
            const text = said(run);

            assert.notEqual(text, "", "the scenario must say something");
            assert.ok(!text.includes("s3cr3t"), text);
            assert.ok(!text.includes(escapeIcmPassword(PASSWORD)), text);
        });
    }

    it("shows no part of any password in any scenario", () => {
        const passwords = fc
            .string({ unit: "binary", maxLength: 12 })
            .map((tail) => `K9secret${tail}`);

        fc.assert(
            fc.property(passwords, (password) => {
                for (const [, run] of scenarios(password)) {
                    assert.ok(!said(run).includes("K9secret"));
                }
            }),
            { numRuns: 60 },
        );
    });
});
