import { spawn } from "node:child_process";
import { StringDecoder } from "node:string_decoder";

/** How a process ended and what it wrote. */
export interface ProcessOutcome {
    code: number | null;
    signal: NodeJS.Signals | null;
    stdout: string;
    stderr: string;
    /** Both streams in the order their bytes arrived, as a terminal would show them. */
    combined: string;
}

/** Options for {@link runProcess}. */
export interface RunProcessOptions {
    /** Written to the process's standard input, which is then closed; nothing when absent. */
    stdin?: string;
    env?: NodeJS.ProcessEnv;
    cwd?: string;
    /** Called with every complete line of output as it arrives. */
    onLine?: (line: string, stream: "stdout" | "stderr") => void;
}

/** Runs `file` with `args` (no shell in between) and collects its output. */
export function runProcess(
    file: string,
    args: readonly string[],
    options: RunProcessOptions = {},
): Promise<ProcessOutcome> {
    return new Promise((resolve, reject) => {
        const child = spawn(file, args, {
            cwd: options.cwd,
            env: options.env ?? process.env,
            stdio: ["pipe", "pipe", "pipe"],
        });

        const chunks = { stdout: [] as Buffer[], stderr: [] as Buffer[], combined: [] as Buffer[] };
        const partial = { stdout: "", stderr: "" };
        const decoders = { stdout: new StringDecoder("utf8"), stderr: new StringDecoder("utf8") };

        const collect = (stream: "stdout" | "stderr") => (chunk: Buffer) => {
            chunks[stream].push(chunk);
            chunks.combined.push(chunk);

            if (options.onLine) {
                const lines = (partial[stream] + decoders[stream].write(chunk)).split("\n");
                partial[stream] = lines.pop() ?? "";
                lines.forEach((line) => options.onLine?.(line, stream));
            }
        };

        child.stdout.on("data", collect("stdout"));
        child.stderr.on("data", collect("stderr"));
        child.on("error", reject);

        // A process that exits without reading its input must not fail the run.
        child.stdin.on("error", () => undefined);
        child.stdin.end(options.stdin ?? "");

        child.on("close", (code, signal) => {
            for (const stream of ["stdout", "stderr"] as const) {
                if (partial[stream] !== "") {
                    options.onLine?.(partial[stream], stream);
                }
            }

            resolve({
                code,
                signal,
                stdout: Buffer.concat(chunks.stdout).toString("utf8"),
                stderr: Buffer.concat(chunks.stderr).toString("utf8"),
                combined: Buffer.concat(chunks.combined).toString("utf8"),
            });
        });
    });
}
