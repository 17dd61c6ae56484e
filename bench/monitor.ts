import { createHash } from "node:crypto";
import { performance } from "node:perf_hooks";

import * as pulumi from "@pulumi/pulumi";

/** A custom resource reduced to what must match between program and baseline. */
export interface Fingerprint {
    readonly type: string;
    readonly name: string;
    /** Hash of the inputs as registered (secrets still wrapped) and of the provider's name. */
    readonly digest: string;
}

/** Counts registrations as the SDK's mock monitor receives them. */
export interface Counter {
    /** Registrations received so far. */
    count(): number;
    /**
     * Resolves with the `performance.now()` at which the expected registration count was
     * reached, or rejects when it is not reached within `timeoutMs`.
     */
    completed(timeoutMs: number): Promise<number>;
    /** Fingerprints of the custom resources, in arrival order, when asked to keep them. */
    readonly fingerprints: Fingerprint[];
}

/**
 * Installs the SDK's mock monitor, answering every registration at once and noting when the
 * `expected`-th one arrives. Call before importing anything that declares resources.
 */
export function installCountingMocks(expected: number, keepFingerprints: boolean): Counter {
    let count = 0;
    let finish: (at: number) => void = () => undefined;
    const done = new Promise<number>((resolve) => (finish = resolve));
    const fingerprints: Fingerprint[] = [];

    void pulumi.runtime.setMocks(
        {
            newResource(args) {
                count += 1;
                if (count === expected) {
                    finish(performance.now());
                }
                if (keepFingerprints && args.custom !== false) {
                    fingerprints.push(fingerprint(args));
                }
                const inputs = args.inputs as Record<string, unknown>;

                return { id: `${args.name}-id`, state: { ...inputs, id: `${args.name}-id` } };
            },
            call(args) {
                return args.inputs as Record<string, unknown>;
            },
        },
        "icm",
        "bench",
        false,
    );

    return {
        count: () => count,
        fingerprints,
        completed: (timeoutMs) => withTimeout(done, timeoutMs, () => count, expected),
    };
}

async function withTimeout(
    done: Promise<number>,
    timeoutMs: number,
    count: () => number,
    expected: number,
): Promise<number> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
            const message = `only ${count()} of ${expected} registrations arrived within ${timeoutMs} ms`;
            reject(new Error(message));
        }, timeoutMs);
    });

    try {
        return await Promise.race([done, timeout]);
    } finally {
        clearTimeout(timer);
    }
}

function fingerprint(args: pulumi.runtime.MockResourceArgs): Fingerprint {
    // A provider reference is `urn::id`; its URN differs with the parents, its name does not.
    const providerName = args.provider?.split("::")[3];
    const text = JSON.stringify(sortKeys({ inputs: args.inputs as unknown, providerName }));

    return {
        type: args.type,
        name: args.name,
        digest: createHash("sha256").update(text).digest("hex"),
    };
}

function sortKeys(value: unknown): unknown {
    if (Array.isArray(value)) {
        return value.map(sortKeys);
    }
    if (typeof value === "object" && value !== null) {
        const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1));

        return Object.fromEntries(entries.map(([key, item]) => [key, sortKeys(item)]));
    }

    return value;
}
