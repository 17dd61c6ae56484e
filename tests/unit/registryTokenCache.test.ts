import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { TokenCache, type TokenKey } from "../../registry/tokenCache";

const KEY: TokenKey = {
    realm: "https://auth.example/token",
    service: "registry.example",
    scope: "repository:team/app:pull",
    identity: "anonymous",
};

/** A cache whose clock the test moves by hand. */
function cacheAt(start: number) {
    const clock = { now: start };
    const cache = new TokenCache(() => clock.now);

    return { clock, cache };
}

describe("TokenCache", () => {
    it("returns a token until its lifetime less the margin has passed", () => {
        const { clock, cache } = cacheAt(1_000_000);
        cache.set(KEY, "t1", 300, clock.now);

        clock.now += 294_999;
        assert.equal(cache.get(KEY), "t1");

        clock.now += 1;
        assert.equal(cache.get(KEY), undefined);
    });

    it("keeps a token 60 s (less the margin) when the service gives no lifetime", () => {
        const { clock, cache } = cacheAt(0);
        cache.set(KEY, "t1", undefined, 0);

        clock.now = 54_999;
        assert.equal(cache.get(KEY), "t1");

        clock.now = 55_000;
        assert.equal(cache.get(KEY), undefined);
    });

    it("shortens the margin to a tenth of a short lifetime", () => {
        const { clock, cache } = cacheAt(0);
        cache.set(KEY, "t1", 10, 0);

        clock.now = 8_999;
        assert.equal(cache.get(KEY), "t1");

        clock.now = 9_000;
        assert.equal(cache.get(KEY), undefined);
    });

    it("counts the lifetime from when the token was asked for, not when it was stored", () => {
        const { clock, cache } = cacheAt(50_000);
        cache.set(KEY, "t1", 60, 40_000);

        clock.now = 94_999;
        assert.equal(cache.get(KEY), "t1");

        clock.now = 95_000;
        assert.equal(cache.get(KEY), undefined);
    });

    it("keeps tokens apart by realm, service, scope and identity", () => {
        const { clock, cache } = cacheAt(0);
        const others: TokenKey[] = [
            { ...KEY, realm: "https://other.example/token" },
            { ...KEY, service: "other" },
            { ...KEY, scope: "repository:team/other:pull" },
            { ...KEY, identity: "3f2a" },
        ];
        cache.set(KEY, "mine", 60, clock.now);

        for (const other of others) {
            assert.equal(cache.get(other), undefined, JSON.stringify(other));
        }
        assert.equal(cache.get(KEY), "mine");
    });

    it("drops expired tokens when a new one is stored", () => {
        const { clock, cache } = cacheAt(0);
        cache.set(KEY, "old", 10, 0);

        clock.now = 20_000;
        cache.set({ ...KEY, scope: "repository:x:pull" }, "new", 10, clock.now);

        assert.equal(cache.size, 1);
    });

    it("replaces a token stored again under the same key", () => {
        const { clock, cache } = cacheAt(0);
        cache.set(KEY, "first", 60, 0);
        cache.set(KEY, "second", 60, 0);

        assert.equal(cache.get(KEY), "second");
        assert.equal(cache.size, 1);
        assert.equal(clock.now, 0);
    });
});
