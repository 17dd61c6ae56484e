import { fork } from "node:child_process";
import * as path from "node:path";
import { performance } from "node:perf_hooks";

import { Request, Result } from "./protocol";

/** A child's result with the process's whole life, module loading included. */
export interface Measurement extends Result {
    readonly totalMs: number;
}

const CHILD = path.join(__dirname, "child.ts");

/**
 * Runs one measurement in a fresh `node --import tsx bench/child.ts` and times the process
 * from spawn to exit. Fails when the child does, or when it saw another count than expected.
 */
export function runChild(request: Request): Promise<Measurement> {
    const start = performance.now();
    const child = fork(CHILD, [JSON.stringify(request)], {
        execArgv: ["--import", "tsx"],
        stdio: ["ignore", "inherit", "pipe", "ipc"],
    });

    let result: Result | undefined;
    let stderr = "";
    child.on("message", (message) => (result = message as Result));
    child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));

    return new Promise((resolve, reject) => {
        child.on("error", reject);
        child.on("exit", (code) => {
            const totalMs = performance.now() - start;
            if (code !== 0 || result === undefined) {
                reject(new Error(`the ${request.mode} child exited with ${code}:\n${stderr}`));
            } else if (result.registered !== request.expected) {
                const counts = `${result.registered} registrations, expected ${request.expected}`;
                reject(new Error(`the ${request.mode} child saw ${counts}`));
            } else {
                resolve({ ...result, totalMs });
            }
        });
    });
}
