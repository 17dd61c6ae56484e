import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { ChallengeSyntaxError, parseWwwAuthenticate, type Challenge } from "../../registry";

describe("parseWwwAuthenticate", () => {
    const valid: [string, string, Challenge[]][] = [
        [
            "reads a registry's Bearer challenge",
            'Bearer realm="https://auth.example/token",service="registry.example"',
            [
                {
                    scheme: "bearer",
                    params: { realm: "https://auth.example/token", service: "registry.example" },
                },
            ],
        ],
        [
            "reads the Basic challenge of an htpasswd registry",
            'Basic realm="Registry Realm"',
            [{ scheme: "basic", params: { realm: "Registry Realm" } }],
        ],
        [
            "lower-cases schemes and parameter names but not values",
            'BASIC Realm="Mixed Case"',
            [{ scheme: "basic", params: { realm: "Mixed Case" } }],
        ],
        [
            "splits several challenges on the commas between them",
            'Newauth realm="apps", type=1, title="Login to \\"apps\\"", Basic realm="simple"',
            [
                {
                    scheme: "newauth",
                    params: { realm: "apps", type: "1", title: 'Login to "apps"' },
                },
                { scheme: "basic", params: { realm: "simple" } },
            ],
        ],
        [
            "reads a token68 challenge between parameter challenges",
            'Basic realm="a", Negotiate YWJj==, Bearer realm="b"',
            [
                { scheme: "basic", params: { realm: "a" } },
                { scheme: "negotiate", params: {}, token68: "YWJj==" },
                { scheme: "bearer", params: { realm: "b" } },
            ],
        ],
        [
            "reads schemes that come without anything",
            "Basic, Bearer",
            [
                { scheme: "basic", params: {} },
                { scheme: "bearer", params: {} },
            ],
        ],
        [
            "takes a token68 ending in '=' rather than a parameter without value",
            "Negotiate a=",
            [{ scheme: "negotiate", params: {}, token68: "a=" }],
        ],
        [
            "allows spaces around '=' and empty list elements",
            'Basic realm = "x" ,, charset=UTF-8',
            [{ scheme: "basic", params: { realm: "x", charset: "UTF-8" } }],
        ],
        [
            "unescapes any character after a backslash in a quoted value",
            'Bearer error_description="a \\\\ b \\z"',
            [{ scheme: "bearer", params: { error_description: "a \\ b z" } }],
        ],
        [
            "keeps the first value of a parameter given twice",
            "Basic realm=first, realm=second",
            [{ scheme: "basic", params: { realm: "first" } }],
        ],
        [
            "keeps a parameter named __proto__ as a plain entry",
            "Basic __proto__=x",
            [{ scheme: "basic", params: { ["__proto__"]: "x" } }],
        ],
        [
            "reads the error of a token with too little scope",
            'Bearer realm="https://a/t",service="s",scope="repository:x/y:pull",error="insufficient_scope"',
            [
                {
                    scheme: "bearer",
                    params: {
                        realm: "https://a/t",
                        service: "s",
                        scope: "repository:x/y:pull",
                        error: "insufficient_scope",
                    },
                },
            ],
        ],
    ];

    for (const [behaviour, header, expected] of valid) {
        it(behaviour, () => {
            const parsed = parseWwwAuthenticate(header);

            assert.deepEqual(parsed, expected);
        });
    }

    const invalid: [string, string, string][] = [
        ["refuses an empty header", "", "no challenge at character 1"],
        ["refuses a header of commas only", " , ,", "no challenge at character 1"],
        [
            "refuses two words without a comma between them",
            "Basic abc def",
            "expected a comma between challenges at character 7",
        ],
        [
            "refuses text after a parameter without a comma",
            "Basic realm=x y",
            "expected a comma between challenges at character 15",
        ],
        [
            "refuses a quoted string that is never closed",
            'Basic realm="x',
            "quoted string not closed at character 13",
        ],
        [
            "refuses a parameter without a value",
            'Basic realm="x", charset=',
            "expected a token or a quoted string at character 26",
        ],
        [
            "refuses a control character inside quotes",
            'Basic realm="a\u0001b"',
            "control character in a quoted string at character 15",
        ],
        [
            "refuses a header starting with '='",
            "=x",
            "expected an authentication scheme at character 1",
        ],
        [
            "reads 'realm=' as a token68, so a parameter after it starts a bad challenge",
            "Basic realm=, charset=x",
            "expected a comma between challenges at character 22",
        ],
    ];

    for (const [behaviour, header, message] of invalid) {
        it(behaviour, () => {
            assert.throws(
                () => parseWwwAuthenticate(header),
                (error: unknown) =>
                    error instanceof ChallengeSyntaxError &&
                    error.message === `WWW-Authenticate header: ${message}`,
            );
        });
    }
});
