/**
 * Child process of one `up`, preview or `destroy` (see stack.ts): the Pulumi runtime keeps
 * process-wide state, so every run gets a fresh process. Reads a {@link RunRequest} on
 * standard input and writes a {@link RunResult} to the request's result file.
 */
import * as pulumi from "@pulumi/pulumi";
import { writeFile } from "node:fs/promises";

import { Deployment } from "./deployment";
import { realEffects } from "./execute";
import { captureLogs } from "./logs";
import { installMonitor, type MonitorHooks } from "./monitor";
import type { LogEntry, RunRequest, RunResult } from "./results";
import type { PropertyMap } from "./secrets";
import { readState, writeState } from "./state";

async function main(): Promise<void> {
    const request = JSON.parse(await readStandardInput()) as RunRequest;
    const logs: LogEntry[] = [];
    const programErrors = new Set<string>();
    let failed: () => void = () => undefined;
    const programFailed = new Promise<void>((resolve) => (failed = resolve));
    const noteError = (err: unknown) => {
        programErrors.add(err instanceof Error ? err.message : String(err));
        failed();
    };

    captureLogs((entry) => logs.push(entry));
    process.on("unhandledRejection", noteError);
    process.on("uncaughtException", noteError);

    const deployment: Deployment = new Deployment(
        await readState(request.stateFile),
        realEffects({
            log: (entry, source) => logs.push({ ...entry, source }),
            providerInputs: (reference) => deployment.providerInputs(reference),
            knownHostsFile: request.knownHostsFile,
        }),
        { preview: request.preview, config: request.config, log: (entry) => logs.push(entry) },
    );

    if (request.mode === "destroy") {
        await deployment.destroy();
    } else {
        const ready = await deployment.deletePendingFromLastRun();
        if (ready) {
            await runProgram(request, deployment, noteError, programFailed);
        }

        // As with the real host, an error the program logs fails the run.
        logs.filter((l) => l.source === "pulumi" && l.severity === "error").forEach((l) =>
            noteError(l.message),
        );
        await deployment.finish(
            ready && programErrors.size === 0 && deployment.errors.length === 0,
        );
    }

    if (!request.preview) {
        await writeState(request.stateFile, deployment.state());
    }

    for (const message of programErrors) {
        if (!logs.some((l) => l.severity === "error" && l.message === message)) {
            logs.push({ severity: "error", message, source: "engine" });
        }
    }

    const result: RunResult = {
        resources: deployment.resources,
        stackOutputs: deployment.outputs(),
        logs,
        steps: deployment.steps,
        error: describeFailure(deployment.errors, programErrors),
    };

    await writeFile(request.resultFile, JSON.stringify(result), { mode: 0o600 });
    process.exit(0);
}

async function runProgram(
    request: RunRequest,
    deployment: Deployment,
    noteError: (err: unknown) => void,
    programFailed: Promise<void>,
): Promise<void> {
    const hooks: MonitorHooks = {
        newResource: async (args, { read, ...announced }) => {
            const inputs = args.inputs as PropertyMap;
            return read
                ? deployment.read(announced, String(args.id), inputs)
                : deployment.register({ ...announced, inputs });
        },
        registerOutputs: (urn, outputs) => deployment.registerOutputs(urn, outputs),
        call: (args) => {
            throw new Error(`invoke ${args.token} is not emulated by the test harness`);
        },
    };

    await installMonitor(hooks, request.project, request.stack, request.preview);
    pulumi.runtime.setAllConfig(request.config, request.secretKeys);

    // Pulumi's Node.js host ends the program at its first unhandled error, while the stack
    // would wait forever for outputs that can no longer resolve; so does this.
    const ended = programFailed.then(() => delay(UNHANDLED_GRACE_MS));
    try {
        await Promise.race([
            pulumi.runtime.runInPulumiStack(() => loadProgram(String(request.program))),
            ended,
        ]);
    } catch (err) {
        noteError(err);
    }

    await Promise.race([waitForRegistrations(), ended]);
    await deployment.settle();
}

/** How long a failed program's other errors and registrations get to arrive. */
const UNHANDLED_GRACE_MS = 300;

function delay(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Runs the program module as Pulumi's Node.js host does: a default function, else its exports. */
async function loadProgram(path: string): Promise<unknown> {
    const module = (await import(path)) as Record<string, unknown>;

    if (typeof module.default === "function") {
        return (module.default as () => unknown)();
    }

    return Object.fromEntries(
        Object.entries(module).filter(([key]) => key !== "default" && key !== "__esModule"),
    );
}

/** Waits for the SDK's outstanding monitor calls, which its typings do not expose. */
async function waitForRegistrations(): Promise<void> {
    const runtime: object = pulumi.runtime;

    if ("waitForRPCs" in runtime && typeof runtime.waitForRPCs === "function") {
        await (runtime.waitForRPCs as () => Promise<void>)();
    }
}

function describeFailure(
    stepErrors: { type: string; name: string; message: string }[],
    programErrors: Set<string>,
): string | undefined {
    // The SDK repeats a failed step's message inside its own; keep only what is new.
    const steps = stepErrors.map((e) => `${e.type} "${e.name}": ${e.message}`);
    const extra = [...programErrors].filter((p) => !stepErrors.some((e) => p.includes(e.message)));
    const all = [...steps, ...extra];
    return all.length > 0 ? all.join("\n") : undefined;
}

async function readStandardInput(): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) {
        chunks.push(chunk as Buffer);
    }
    return Buffer.concat(chunks).toString("utf8");
}

void main().catch((err: unknown) => {
    process.stderr.write(
        `harness child failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    process.exit(1);
});
