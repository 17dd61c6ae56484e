import assert from "node:assert/strict";
import { describe, it } from "node:test";

import fc from "fast-check";

import { parseRetryAfter, retryDelay } from "../../registry/backoff";

const NOW = Date.parse("2024-05-01T12:00:00Z");

describe("parseRetryAfter", () => {
    const cases: [string, string | undefined, number | undefined][] = [
        ["reads whole seconds", "120", 120_000],
        ["reads zero seconds", "0", 0],
        ["ignores white space around seconds", " 5 ", 5_000],
        ["reads an HTTP date as the time left until it", "Wed, 01 May 2024 12:00:30 GMT", 30_000],
        ["reads a date in the past as no wait", "Wed, 01 May 2024 11:00:00 GMT", 0],
        ["reads the obsolete RFC 850 date form", "Wednesday, 01-May-24 12:01:00 GMT", 60_000],
        ["gives nothing for an absent header", undefined, undefined],
        ["gives nothing for negative seconds", "-5", undefined],
        ["gives nothing for fractional seconds", "1.5", undefined],
        ["gives nothing for words", "soon", undefined],
        ["gives nothing for a bare number Date.parse would take as a year", "Tue 2024", undefined],
        ["gives nothing for an empty value", "", undefined],
    ];

    for (const [behaviour, header, expected] of cases) {
        it(behaviour, () => {
            assert.equal(parseRetryAfter(header, NOW), expected);
        });
    }

    it("reads back any number of whole seconds", () => {
        fc.assert(
            fc.property(fc.nat({ max: 10_000_000 }), (seconds) => {
                assert.equal(parseRetryAfter(String(seconds), NOW), seconds * 1000);
            }),
        );
    });

    it("reads back any future date written as HTTP writes it", () => {
        fc.assert(
            fc.property(fc.nat({ max: 86_400 }), (seconds) => {
                const date = new Date(NOW + seconds * 1000).toUTCString();

                assert.equal(parseRetryAfter(date, NOW), seconds * 1000);
            }),
        );
    });
});

describe("retryDelay", () => {
    const policy = { baseMs: 100, capMs: 1_000 };

    it("doubles the wait with each retry", () => {
        const waits = [1, 2, 3, 4].map((attempt) => retryDelay(attempt, undefined, policy));

        assert.deepEqual(waits, [100, 200, 400, 800]);
    });

    it("never waits longer than the cap without a Retry-After", () => {
        fc.assert(
            fc.property(fc.integer({ min: 1, max: 2_000 }), (attempt) => {
                const wait = retryDelay(attempt, undefined, policy);

                assert.ok(wait !== undefined && wait >= 100 && wait <= 1_000);
            }),
        );
    });

    it("waits as long as Retry-After asks, within the cap", () => {
        assert.equal(retryDelay(1, 750, policy), 750);
        assert.equal(retryDelay(3, 0, policy), 0);
        assert.equal(retryDelay(1, 1_000, policy), 1_000);
    });

    it("gives up rather than wait longer than the cap", () => {
        assert.equal(retryDelay(1, 1_001, policy), undefined);
    });

    it("uses 250 ms doubling to a 30 s cap by default", () => {
        assert.equal(retryDelay(1, undefined), 250);
        assert.equal(retryDelay(20, undefined), 30_000);
        assert.equal(retryDelay(1, 31_000), undefined);
    });
});
