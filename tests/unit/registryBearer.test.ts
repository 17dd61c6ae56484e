import assert from "node:assert/strict";
import { describe, it } from "node:test";

import {
    CredentialsMissingError,
    CredentialsRefusedError,
    RegistryProtocolError,
    type RegistryError,
} from "../../registry";
import { BearerTokens, type TokenRequest } from "../../registry/bearer";
import type { ExchangeRequest } from "../../registry/exchange";
import { TokenCache } from "../../registry/tokenCache";
import type { HttpResponse } from "../../registry/transport";

const CONTEXT = { registry: "registry.example", repository: "team/app", reference: "1.0" };
const ACCESS = { username: "deployer", password: "pa$$word" };
const BASIC = `Basic ${Buffer.from("deployer:pa$$word").toString("base64")}`;

/** A token service stand-in that records each call and answers with `reply`. */
function service(reply: (call: ExchangeRequest) => HttpResponse) {
    const calls: ExchangeRequest[] = [];
    const clock = { now: 1_000_000 };
    const tokens = new BearerTokens(
        {
            send: async (call) => {
                calls.push(call);
                await Promise.resolve();
                return reply(call);
            },
        },
        new TokenCache(() => clock.now),
        (host) => host.startsWith("127."),
        () => clock.now,
    );

    return { calls, clock, tokens };
}

function json(status: number, body: unknown): HttpResponse {
    return { status, headers: {}, body: Buffer.from(JSON.stringify(body)) };
}

function request(realm: string, access?: typeof ACCESS): TokenRequest {
    return {
        registry: "registry.example",
        challenge: { scheme: "bearer", params: { realm, service: "registry.example" } },
        scope: "repository:team/app:pull",
        access,
    };
}

describe("BearerTokens", () => {
    it("asks the realm for the scope and service, with Basic credentials", async () => {
        const { calls, tokens } = service(() => json(200, { token: "t1" }));

        const token = await tokens.token(request("https://auth.example/token", ACCESS), CONTEXT);

        assert.equal(token, "t1");
        assert.equal(calls.length, 1);
        assert.equal(
            calls[0].url.href,
            "https://auth.example/token?service=registry.example&scope=repository%3Ateam%2Fapp%3Apull",
        );
        assert.deepEqual(calls[0].headers, { Authorization: BASIC });
    });

    it("asks anonymously when there are no credentials", async () => {
        const { calls, tokens } = service(() => json(200, { token: "anonymous" }));

        await tokens.token(request("https://auth.example/token"), CONTEXT);

        assert.deepEqual(calls[0].headers, {});
    });

    it("reads a token given only as access_token", async () => {
        const { tokens } = service(() => json(200, { access_token: "oauth" }));

        assert.equal(await tokens.token(request("https://auth.example/token"), CONTEXT), "oauth");
    });

    it("reuses a token until expires_in runs out, then asks again", async () => {
        let issued = 0;
        const { calls, clock, tokens } = service(() =>
            json(200, { token: `t${++issued}`, expires_in: 100 }),
        );
        const wanted = request("https://auth.example/token", ACCESS);

        assert.equal(await tokens.token(wanted, CONTEXT), "t1");
        clock.now += 94_000;
        assert.equal(await tokens.token(wanted, CONTEXT), "t1");
        clock.now += 1_000;
        assert.equal(await tokens.token(wanted, CONTEXT), "t2");
        assert.equal(calls.length, 2);
    });

    it("keeps tokens of different credentials apart", async () => {
        const { calls, tokens } = service((call) =>
            json(200, { token: call.headers.Authorization ?? "anon" }),
        );

        const mine = await tokens.token(request("https://auth.example/token", ACCESS), CONTEXT);
        const anonymous = await tokens.token(request("https://auth.example/token"), CONTEXT);

        assert.equal(mine, BASIC);
        assert.equal(anonymous, "anon");
        assert.equal(calls.length, 2);
    });

    it("shares one token request among callers asking at the same time", async () => {
        const { calls, tokens } = service(() => json(200, { token: "shared" }));
        const wanted = request("https://auth.example/token", ACCESS);

        const got = await Promise.all([1, 2, 3].map(() => tokens.token(wanted, CONTEXT)));

        assert.deepEqual(got, ["shared", "shared", "shared"]);
        assert.equal(calls.length, 1);
    });

    it("refuses to send credentials to a plain-HTTP realm off this machine", async () => {
        const { calls, tokens } = service(() => json(200, { token: "t" }));

        await assert.rejects(tokens.token(request("http://auth.example/token", ACCESS), CONTEXT), {
            name: "RegistryProtocolError",
            message:
                "Registry registry.example answered unexpectedly while checking team/app:1.0: its " +
                "token service http://auth.example uses plain HTTP; credentials go over plain " +
                "HTTP only to hosts on this machine or listed as insecure.",
        });
        assert.equal(calls.length, 0);
    });

    it("sends credentials to a plain-HTTP realm on this machine", async () => {
        const { tokens } = service(() => json(200, { token: "local" }));

        const token = await tokens.token(request("http://127.0.0.1:5601/token", ACCESS), CONTEXT);

        assert.equal(token, "local");
    });

    const REALM = "https://auth.example/token";
    const failures: {
        what: string;
        access?: typeof ACCESS;
        realm?: string;
        answer: HttpResponse;
        expected: new (...args: never[]) => RegistryError;
    }[] = [
        {
            what: "refused credentials",
            access: ACCESS,
            answer: json(401, {}),
            expected: CredentialsRefusedError,
        },
        {
            what: "an anonymous caller turned away",
            answer: json(401, {}),
            expected: CredentialsMissingError,
        },
        {
            what: "an answer without a token",
            access: ACCESS,
            answer: json(200, { expires_in: 60 }),
            expected: RegistryProtocolError,
        },
        {
            what: "an answer that is not JSON",
            access: ACCESS,
            answer: { status: 200, headers: {}, body: Buffer.from("<html>") },
            expected: RegistryProtocolError,
        },
        {
            what: "a realm that is not a URL",
            access: ACCESS,
            realm: "auth.example/token",
            answer: json(200, { token: "t" }),
            expected: RegistryProtocolError,
        },
    ];

    for (const { what, access, realm, answer, expected } of failures) {
        it(`names ${what} with the right error, never the password`, async () => {
            const { tokens } = service(() => answer);

            const error = await tokens
                .token(request(realm ?? REALM, access), CONTEXT)
                .catch((reason: unknown) => reason);

            assert.ok(error instanceof expected, String(error));
            assert.ok(!error.message.includes(ACCESS.password));
        });
    }
});
