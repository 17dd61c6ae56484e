import * as pulumi from "@pulumi/pulumi";
import { format } from "node:util";

import type { LogEntry } from "./results";

type Severity = LogEntry["severity"];

/**
 * Sends `pulumi.log` calls (with the URN of the resource they name) and console output
 * of this process to `sink` instead of the terminal. Under mocks the SDK would print
 * them with a `warning: [runtime]` prefix and drop the resource.
 */
export function captureLogs(sink: (entry: LogEntry) => void): void {
    const severities: [keyof typeof pulumi.log, Severity][] = [
        ["info", "info"],
        ["warn", "warning"],
        ["error", "error"],
    ];

    for (const [method, severity] of severities) {
        Object.defineProperty(pulumi.log, method, {
            configurable: true,
            writable: true,
            value: (message: string, resource?: pulumi.Resource) =>
                record(sink, severity, message, resource),
        });
    }

    // The SDK's own debug chatter is hidden by the CLI unless asked for; so it is here.
    Object.defineProperty(pulumi.log, "debug", {
        configurable: true,
        writable: true,
        value: () => Promise.resolve(),
    });

    const streams: [keyof Console, "stdout" | "stderr"][] = [
        ["log", "stdout"],
        ["info", "stdout"],
        ["debug", "stdout"],
        ["warn", "stderr"],
        ["error", "stderr"],
    ];

    for (const [method, source] of streams) {
        Object.defineProperty(console, method, {
            configurable: true,
            writable: true,
            value: (...args: unknown[]) =>
                sink({ severity: "info", message: format(...args), source }),
        });
    }
}

function record(
    sink: (entry: LogEntry) => void,
    severity: Severity,
    message: string,
    resource: pulumi.Resource | undefined,
): Promise<void> {
    // Take the line now so lines keep their order; the URN is filled in once known.
    const entry: LogEntry = { severity, message, source: "pulumi" };
    sink(entry);

    resource?.urn.apply((urn) => {
        entry.urn = urn;
    });

    return Promise.resolve();
}
