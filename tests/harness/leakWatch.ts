/**
 * Watches every process on this machine, test hosts included, for a secret in its command
 * line or environment, by sweeping /proc as fast as it can while a deployment runs.
 */
import { readdir, readFile } from "node:fs/promises";

/** What a watch saw: how often it looked, and each place a secret showed. */
export interface Sightings {
    readonly sweeps: number;
    readonly hits: string[];
}

/** Sweeps /proc until stopped, noting any process whose argv or environment holds a needle. */
export class LeakWatch {
    private running = true;
    private readonly done: Promise<Sightings>;

    constructor(needles: readonly string[]) {
        const wanted = needles.map((needle) => Buffer.from(needle, "utf8"));
        this.done = this.sweepUntilStopped(wanted);
    }

    /** Stops watching and reports. */
    async stop(): Promise<Sightings> {
        this.running = false;
        return this.done;
    }

    private async sweepUntilStopped(wanted: Buffer[]): Promise<Sightings> {
        const hits = new Set<string>();
        let sweeps = 0;

        while (this.running) {
            const pids = (await readdir("/proc")).filter((name) => /^\d+$/.test(name));
            for (const pid of pids) {
                for (const part of ["cmdline", "environ"]) {
                    const content = await readFile(`/proc/${pid}/${part}`).catch(() => undefined);
                    if (content && wanted.some((needle) => content.includes(needle))) {
                        hits.add(`${part} of process ${pid} (${await programOf(pid)})`);
                    }
                }
            }
            sweeps++;
        }

        return { sweeps, hits: [...hits] };
    }
}

/** The program a process runs, to name it without repeating what it holds. */
async function programOf(pid: string): Promise<string> {
    const cmdline = await readFile(`/proc/${pid}/cmdline`).catch(() => Buffer.alloc(0));

    return cmdline.toString("utf8").split("\0")[0].slice(0, 40);
}
