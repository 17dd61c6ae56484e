// One measurement in a process of its own, so that its peak memory is its own. Started by
// bench/program.ts with a JSON request as its only argument; answers over the IPC channel.
import { performance } from "node:perf_hooks";

import * as command from "@pulumi/command";
import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";

import { installCountingMocks } from "./monitor";
import { Request, Result } from "./protocol";

/** Longest wait for the registrations: far beyond the slowest case seen, yet bounded. */
const TIMEOUT_MS = 600_000;

async function measure(request: Request): Promise<Result> {
    const counter = installCountingMocks(request.expected, request.fingerprints);
    pulumi.runtime.setAllConfig(request.config, []);

    // Modules load before the clock starts: their cost shows in the process's total time.
    const declare = await loadDeclaration(request);

    const start = performance.now();
    await declare();
    const end = await counter.completed(TIMEOUT_MS);

    // A registration beyond the expected count would mean the two modes differ.
    for (let round = 0; round < 20; round++) {
        await new Promise((resolve) => setImmediate(resolve));
    }

    return {
        registered: counter.count(),
        evaluationMs: end - start,
        peakKiB: process.resourceUsage().maxRSS,
        fingerprints: counter.fingerprints,
    };
}

async function loadDeclaration(request: Request): Promise<() => Promise<unknown>> {
    // The provider packages load each resource class on its first use; load them now, so
    // that no module loading falls inside the timed part.
    const loaded = [
        docker.Provider,
        docker.Container,
        command.remote.Command,
        command.local.Command,
    ];
    if (loaded.some((resourceClass) => typeof resourceClass !== "function")) {
        throw new Error("@pulumi/docker or @pulumi/command lacks a resource class the bench uses");
    }

    if (request.mode === "program") {
        const { main } = await import("../program");
        return main;
    }

    const { declareBaseline } = await import("./baseline");
    return () => Promise.resolve(declareBaseline(request.planFile));
}

/** Keeps the program's warnings off the output; they are shown only if the run fails. */
function muteConsole(): string[] {
    const lines: string[] = [];
    for (const method of ["log", "warn", "error", "info", "debug"] as const) {
        console[method] = (...parts: unknown[]) => {
            lines.push(parts.map(String).join(" "));
        };
    }

    return lines;
}

const logs = muteConsole();
const request = JSON.parse(process.argv[2]) as Request;
measure(request).then(
    (result) => process.send?.(result, () => process.exit(0)),
    (err: unknown) => {
        const message = err instanceof Error ? err.message : String(err);
        process.stderr.write(`${request.mode}: ${message}\n${logs.join("\n")}\n`);
        process.exit(1);
    },
);
