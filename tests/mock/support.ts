import * as pulumi from "@pulumi/pulumi";

/** Marker the SDK puts around a secret value in resource inputs (its `specialSigKey`). */
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const SIG_KEY = "4dabf18193072939515e22adb298388d";

/** One resource as the mock monitor received it. */
export interface Registered {
    readonly type: string;
    readonly name: string;
    readonly inputs: Record<string, unknown>;
    readonly provider?: string;
}

/** What a mocked program did: resources in registration order, and every console line. */
export interface Recording {
    readonly resources: Registered[];
    readonly logs: string[];
}

/**
 * Installs the SDK's mock monitor, recording every resource, and captures console output
 * (where the SDK sends `pulumi.log` lines when no engine is attached). Call before
 * importing anything that declares resources.
 */
export function installMocks(
    config: Record<string, string> = {},
    secretKeys: string[] = [],
    preview = false,
): Recording {
    process.env.PULUMI_CONFIG = JSON.stringify(config);
    process.env.PULUMI_CONFIG_SECRET_KEYS = JSON.stringify(secretKeys);

    const recording: Recording = { resources: [], logs: [] };
    for (const method of ["log", "warn", "error", "info"] as const) {
        console[method] = (...parts: unknown[]) => {
            recording.logs.push(parts.map(String).join(" "));
        };
    }

    void pulumi.runtime.setMocks(
        {
            newResource(args) {
                const inputs = args.inputs as Record<string, unknown>;
                recording.resources.push({
                    type: args.type,
                    name: args.name,
                    inputs,
                    provider: args.provider,
                });
                return { id: `${args.name}-id`, state: { ...inputs, id: `${args.name}-id` } };
            },
            call(args) {
                return args.inputs as Record<string, unknown>;
            },
        },
        "icm",
        "test",
        preview,
    );

    return recording;
}

/** Replaces the stack config the program reads; `secretKeys` were set with `--secret`. */
export function useConfig(config: Record<string, string>, secretKeys: string[] = []): void {
    pulumi.runtime.setAllConfig(config, secretKeys);
}

/** Waits for an output's value, or its failure. */
export function settle<T>(output: pulumi.Output<T>): Promise<T> {
    // The SDK keeps this method off the public type; tests need failures as rejections.
    return (output as unknown as { promise(): Promise<T> }).promise();
}

/**
 * Runs `declare` and returns the first error that would end a real `pulumi up`: a failed
 * output reaches the SDK's registration of outputs as an unhandled rejection. The test
 * runner's own handler, which would count it against the test, is set aside meanwhile.
 */
export async function failureOf(declare: () => unknown, waitMs = 2000): Promise<Error> {
    const saved = process.listeners("unhandledRejection");
    const failures: Error[] = [];
    const listener = (reason: unknown) => {
        failures.push(reason instanceof Error ? reason : new Error(String(reason)));
    };
    process.removeAllListeners("unhandledRejection");
    process.on("unhandledRejection", listener);

    try {
        try {
            declare();
        } catch (err) {
            return err as Error;
        }
        for (let waited = 0; failures.length === 0 && waited < waitMs; waited += 10) {
            await new Promise((resolve) => setTimeout(resolve, 10));
        }
        // Let the other outputs of the same resource fail too before handing back.
        await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
        process.off("unhandledRejection", listener);
        for (const handler of saved) {
            process.on("unhandledRejection", handler);
        }
    }

    if (failures.length === 0) {
        throw new Error(`no failure within ${waitMs} ms`);
    }
    return failures[0];
}

/** Waits until every registration under way has reached the mock monitor. */
export async function drain(): Promise<void> {
    for (let round = 0; round < 20; round++) {
        await new Promise((resolve) => setImmediate(resolve));
    }
}

/** True when `value` is the SDK's wrapper of a secret. */
export function isSecretValue(value: unknown): value is { value: unknown } {
    return (
        typeof value === "object" &&
        value !== null &&
        (value as Record<string, unknown>)[SIG_KEY] === SECRET_SIG
    );
}

/**
 * Every string found in `value` outside secret wrappers, with its property path: what the
 * engine would store in plain text.
 */
export function plainStrings(value: unknown, path = ""): { path: string; text: string }[] {
    if (isSecretValue(value)) {
        return [];
    }
    if (typeof value === "string") {
        return [{ path, text: value }];
    }
    if (Array.isArray(value)) {
        return value.flatMap((item, index) => plainStrings(item, `${path}[${index}]`));
    }
    if (typeof value === "object" && value !== null) {
        return Object.entries(value).flatMap(([key, item]) => plainStrings(item, `${path}.${key}`));
    }
    return [];
}
