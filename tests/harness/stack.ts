/**
 * `pulumi up`, preview and destroy for tests, without the Pulumi CLI: each run is a child
 * process (runStack.ts) that runs the program under the SDK's mock monitor, decides
 * steps against a state file like the engine (engine.ts), and performs them for real on
 * the test hosts (execute.ts): remote and local Commands, docker containers over ssh.
 */
import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { Readable } from "node:stream";

import type { LogEntry, RunRequest, RunResult } from "./results";
import { loadWorld } from "./world";

/** Options of {@link up} and {@link preview}. */
export interface UpOptions {
    /** Path of the program module: its default export function, or its top level, declares resources. */
    program: string;
    /** Where the harness keeps the stack's state between runs; a missing file is an empty stack. */
    stateFile: string;
    /** Stack configuration; keys without a namespace get the project's (`key` → `icm:key`). Objects are stored as JSON. */
    config?: Record<string, unknown>;
    /** Configuration keys set as secrets (`pulumi config set --secret`). */
    secretKeys?: string[];
    /** Plan only: run nothing on hosts and leave the state file alone. Defaults to false. */
    preview?: boolean;
    /** Defaults to `icm`, the project name in Pulumi.yaml. */
    project?: string;
    /** Defaults to `test`. */
    stack?: string;
    /** known_hosts for remote Commands without `connection.hostKey`. Defaults to the test world's, when it is up. */
    knownHostsFile?: string;
    /** Kills the run after this long. Defaults to 5 minutes. */
    timeoutMs?: number;
}

/** Options of {@link destroy}; `config` matters only for resources of a default provider. */
export type DestroyOptions = Omit<UpOptions, "program">;

const CHILD = join(__dirname, "runStack.ts");
const ROOT = resolve(__dirname, "..", "..");

/** Runs `pulumi up` of `program` against `stateFile`, performing every step on the real hosts. */
export function up(options: UpOptions): Promise<RunResult> {
    return runChild(
        { ...requestOf(options), mode: "up", program: resolve(options.program) },
        options.timeoutMs,
    );
}

/** Runs `pulumi preview`: decides every step, performs none, leaves the state file alone. */
export function preview(options: UpOptions): Promise<RunResult> {
    return up({ ...options, preview: true });
}

/** Runs `pulumi destroy`: deletes every resource in the state, dependents first. */
export function destroy(options: DestroyOptions): Promise<RunResult> {
    return runChild({ ...requestOf(options), mode: "destroy" }, options.timeoutMs);
}

/** What every run of the child is told, whatever it does. */
function requestOf(options: DestroyOptions): Omit<RunRequest, "resultFile" | "mode"> {
    const project = options.project ?? "icm";

    return {
        stateFile: resolve(options.stateFile),
        config: namespaced(options.config ?? {}, project),
        secretKeys: (options.secretKeys ?? []).map((k) => namespacedKey(k, project)),
        preview: options.preview ?? false,
        project,
        stack: options.stack ?? "test",
        knownHostsFile: options.knownHostsFile ?? worldKnownHosts(),
    };
}

async function runChild(
    request: Omit<RunRequest, "resultFile">,
    timeoutMs = 300_000,
): Promise<RunResult> {
    const dir = await mkdtemp(join(tmpdir(), "icm-harness-run-"));
    const resultFile = join(dir, "result.json");
    const raw: LogEntry[] = [];

    try {
        const exit = await new Promise<string>((done, fail) => {
            const child = spawn(process.execPath, ["--import", "tsx", CHILD], {
                cwd: ROOT,
                env: childEnvironment(),
                stdio: ["pipe", "pipe", "pipe"],
            });
            const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);

            collectLines(child.stdout, (line) => raw.push(rawEntry(line, "stdout")));
            collectLines(child.stderr, (line) => raw.push(rawEntry(line, "stderr")));
            child.on("error", fail);
            child.on("close", (code, signal) => {
                clearTimeout(timer);
                done(
                    signal === "SIGKILL"
                        ? `was killed after ${timeoutMs} ms`
                        : `exited with ${code}`,
                );
            });

            // Configuration, secrets included, travels on standard input only.
            child.stdin.end(JSON.stringify({ ...request, resultFile }));
        });

        return await readResult(resultFile, raw, exit);
    } finally {
        await rm(dir, { recursive: true, force: true });
    }
}

async function readResult(file: string, raw: LogEntry[], exit: string): Promise<RunResult> {
    let text: string;

    try {
        text = await readFile(file, "utf8");
    } catch {
        const tail = raw
            .slice(-20)
            .map((l) => l.message)
            .join("\n");
        return {
            resources: [],
            stackOutputs: {},
            logs: raw,
            steps: [],
            error: `the harness child process ${exit} before writing its result:\n${tail}`,
        };
    }

    const result = JSON.parse(text) as RunResult;
    result.logs.push(...raw);
    return result;
}

/** A line the child wrote outside the captured console; `info: [runtime] …` keeps its severity. */
function rawEntry(line: string, source: "stdout" | "stderr"): LogEntry {
    const prefixed = /^(debug|info|warning|error): \[runtime\] (.*)$/.exec(line);
    return prefixed
        ? { severity: prefixed[1] as LogEntry["severity"], message: prefixed[2], source }
        : { severity: "info", message: line, source };
}

function collectLines(stream: Readable, onLine: (line: string) => void): void {
    let partial = "";

    stream.setEncoding("utf8");
    stream.on("data", (text: string) => {
        const lines = (partial + text).split("\n");
        partial = lines.pop() ?? "";
        lines.filter((l) => l.trim() !== "").forEach(onLine);
    });
    stream.on("end", () => partial.trim() !== "" && onLine(partial));
}

function childEnvironment(): NodeJS.ProcessEnv {
    // A stray PULUMI_CONFIG from the caller's shell must not mix with the test's config.
    return Object.fromEntries(
        Object.entries(process.env).filter(([key]) => !key.startsWith("PULUMI_")),
    );
}

function namespaced(config: Record<string, unknown>, project: string): Record<string, string> {
    return Object.fromEntries(
        Object.entries(config).map(([key, value]) => [
            namespacedKey(key, project),
            typeof value === "string" ? value : JSON.stringify(value),
        ]),
    );
}

function namespacedKey(key: string, project: string): string {
    return key.includes(":") ? key : `${project}:${key}`;
}

function worldKnownHosts(): string | undefined {
    try {
        return loadWorld().ssh.knownHosts;
    } catch {
        // No world: like the command provider, check no host key.
        return undefined;
    }
}
