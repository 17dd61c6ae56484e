/** The one error ICM settings raise, and the collector that gathers its problems. */

/**
 * Thrown when ICM files or stack settings cannot be used. `problems` holds every problem
 * found, each naming its field; the message lists them all. No problem shows a secret.
 */
export class IcmConfigError extends Error {
    readonly problems: readonly string[];

    constructor(problems: readonly string[]) {
        super(combine(problems));
        this.name = "IcmConfigError";
        this.problems = problems;
    }
}

function combine(problems: readonly string[]): string {
    if (problems.length === 1) {
        return problems[0];
    }

    const lines = problems.map((problem) => `  - ${problem}`);

    return `${problems.length} problems in the ICM settings:\n${lines.join("\n")}`;
}

/** Gathers problems and warnings in the order found, each message once. */
export class Findings {
    private readonly problemSet = new Set<string>();
    private readonly warningSet = new Set<string>();

    /** Records a problem; the same message twice is kept once. */
    problem(message: string): void {
        this.problemSet.add(message);
    }

    /** Records a warning; the same message twice is kept once. */
    warn(message: string): void {
        this.warningSet.add(message);
    }

    /** Records the problems of an `IcmConfigError`; rethrows anything else. */
    absorb(error: unknown): void {
        if (!(error instanceof IcmConfigError)) {
            throw error;
        }

        error.problems.forEach((problem) => this.problem(problem));
    }

    /** The problems so far, in the order found. */
    get problems(): string[] {
        return [...this.problemSet];
    }

    /** The warnings so far, in the order found. */
    get warnings(): string[] {
        return [...this.warningSet];
    }

    /** True when at least one problem was recorded. */
    get failed(): boolean {
        return this.problemSet.size > 0;
    }

    /** Throws one `IcmConfigError` with every problem, when there is any. */
    throwIfFailed(): void {
        if (this.failed) {
            throw new IcmConfigError([...this.problemSet]);
        }
    }
}
