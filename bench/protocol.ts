import { Fingerprint } from "./monitor";

/** Which way the resources are declared: the project's program, or the plain baseline. */
export type Mode = "program" | "baseline";

/** What one child process measures; handed over as its only argument, in JSON. */
export interface Request {
    readonly mode: Mode;
    /** Stack config the program reads (file paths and flags only, nothing secret). */
    readonly config: Record<string, string>;
    /** The baseline's plan file. */
    readonly planFile: string;
    /** Registrations to wait for: components included for the program. */
    readonly expected: number;
    /** Send back fingerprints of the custom resources, to compare the two modes. */
    readonly fingerprints: boolean;
}

/** What one child process sends back when every expected registration has arrived. */
export interface Result {
    /** Registrations received, counted again after a quiet moment. */
    readonly registered: number;
    /** From the start of the declaration to the arrival of the last registration. */
    readonly evaluationMs: number;
    /** The process's peak resident set size, in KiB (`process.resourceUsage().maxRSS`). */
    readonly peakKiB: number;
    readonly fingerprints: Fingerprint[];
}
