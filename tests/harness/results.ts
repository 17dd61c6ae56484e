import type { PropertyMap } from "./secrets";

/** One diagnostic line of a run, as `pulumi up` would print it. */
export interface LogEntry {
    severity: "debug" | "info" | "warning" | "error";
    message: string;
    /** The resource the line is about, when there is one. */
    urn?: string;
    /** Status lines (such as a command's output) that the CLI shows only while it runs. */
    ephemeral?: boolean;
    /** `pulumi` for `pulumi.log`, `provider` for what a provider reports, `engine` for step failures, `stdout` / `stderr` for the program's console and raw output. */
    source: "pulumi" | "provider" | "engine" | "stdout" | "stderr";
}

/** What the engine did (or, in a preview, would do) to one resource. */
export type StepOp =
    "same" | "create" | "update" | "delete" | "create-replacement" | "delete-replaced" | "read";

/** One executed (or planned) step, in the order steps ran. */
export interface StepRecord {
    op: StepOp;
    urn: string;
    type: string;
    name: string;
    /** Input paths that changed, for updates and replacements. */
    changed?: string[];
    /** Why a replacement happened. */
    reasons?: string[];
    /** Set when the step failed. */
    error?: string;
}

/** A resource the program declared in this run. */
export interface ResourceResult {
    urn: string;
    type: string;
    name: string;
    id: string;
    /** Inputs as the monitor received them, secrets still wrapped. */
    inputs: PropertyMap;
    /** The same inputs with secrets unwrapped. */
    plain: PropertyMap;
    /** Paths of the inputs that were secret, e.g. `stdin`, `connection`. */
    secretPaths: string[];
    /** Outputs handed back to the program, secrets still wrapped. */
    outputs: PropertyMap;
    step: "same" | "create" | "update" | "replace" | "read";
}

/** The outcome of one `up`, preview or `destroy`. */
export interface RunResult {
    resources: ResourceResult[];
    /** Stack outputs, secrets still wrapped. */
    stackOutputs: PropertyMap;
    logs: LogEntry[];
    steps: StepRecord[];
    /** Set when the run failed: the program threw, a step failed, or the child crashed. */
    error?: string;
}

/** What the parent sends to the child process on its standard input. */
export interface RunRequest {
    mode: "up" | "destroy";
    program?: string;
    stateFile: string;
    resultFile: string;
    config: Record<string, string>;
    secretKeys: string[];
    preview: boolean;
    project: string;
    stack: string;
    knownHostsFile?: string;
}
