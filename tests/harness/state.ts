import { chmod, mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname } from "node:path";

import type { PropertyMap } from "./secrets";

/** Resource options that change how the engine plans steps for a resource. */
export interface PlanOptions {
    deleteBeforeReplace: boolean;
    replaceOnChanges: string[];
    ignoreChanges: string[];
    additionalSecretOutputs: string[];
    protect: boolean;
    retainOnDelete: boolean;
}

/** What the program declared for one resource in this run, as the monitor received it. */
export interface Registration {
    urn: string;
    type: string;
    name: string;
    custom: boolean;
    parent: string;
    /** Provider reference `urn::id`; empty for the default provider. */
    provider: string;
    /** Secret-wrapped, exactly as the SDK sent them. */
    inputs: PropertyMap;
    dependencies: string[];
    options: PlanOptions;
}

/** One resource as the harness remembers it between runs. */
export interface StateResource extends Registration {
    id: string;
    /** Secret-wrapped, as returned to the program. */
    outputs: PropertyMap;
    /** Replaced or failed to delete: deleted at the start of the next run. */
    pendingDelete?: boolean;
}

/** The state file: the harness's equivalent of a stack's checkpoint. */
export interface StackState {
    version: 1;
    resources: StateResource[];
    stackOutputs: PropertyMap;
}

/** An empty stack. */
export function emptyState(): StackState {
    return { version: 1, resources: [], stackOutputs: {} };
}

/** Reads a state file; a missing file is an empty stack. */
export async function readState(file: string): Promise<StackState> {
    let text: string;

    try {
        text = await readFile(file, "utf8");
    } catch (err) {
        if ((err as NodeJS.ErrnoException).code === "ENOENT") {
            return emptyState();
        }
        throw err;
    }

    const parsed = JSON.parse(text) as Partial<StackState>;
    if (parsed.version !== 1 || !Array.isArray(parsed.resources)) {
        throw new Error(
            `state file ${file} is not a harness state (version 1 with a resources array): ` +
                "delete it to start from an empty stack",
        );
    }

    return { version: 1, resources: parsed.resources, stackOutputs: parsed.stackOutputs ?? {} };
}

/** Writes a state file readable by its owner only; it holds secrets in clear. */
export async function writeState(file: string, state: StackState): Promise<void> {
    await mkdir(dirname(file), { recursive: true });

    const temporary = `${file}.${process.pid}.tmp`;
    await writeFile(temporary, JSON.stringify(state, null, 2), { mode: 0o600 });
    await chmod(temporary, 0o600);
    await rename(temporary, file);
}
