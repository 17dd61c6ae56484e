import { Measurement } from "./runner";

/** Every run of one cluster size, both ways of declaring it. */
export interface CaseRuns {
    readonly nodes: number;
    readonly program: Measurement[];
    readonly baseline: Measurement[];
}

/** The middle value; the mean of the two middle values for an even count. */
export function median(values: number[]): number {
    const sorted = [...values].sort((a, b) => a - b);
    const middle = Math.floor(sorted.length / 2);

    return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** The two tables the bench prints: the program's evaluation, then whole processes. */
export function formatReport(cases: CaseRuns[]): string {
    const evaluation = cases.map((runs) => {
        const program = summary(runs.program);
        const baseline = summary(runs.baseline);

        return [
            String(runs.nodes),
            `${runs.program[0].registered} / ${runs.baseline[0].registered}`,
            fixed(program.evaluationMs, 0),
            fixed(baseline.evaluationMs, 0),
            fixed(program.evaluationMs / baseline.evaluationMs, 2),
            fixed(program.peakMiB, 1),
            fixed(baseline.peakMiB, 1),
            fixed(program.peakMiB / baseline.peakMiB, 2),
        ];
    });
    const processes = cases.map((runs) => {
        const program = summary(runs.program);
        const baseline = summary(runs.baseline);

        return [
            String(runs.nodes),
            String(runs.program.length),
            fixed(program.totalMs, 0),
            fixed(baseline.totalMs, 0),
            fixed(program.totalMs / baseline.totalMs, 2),
        ];
    });

    return [
        table(
            [
                "nodes",
                "resources (program / baseline)",
                "program ms",
                "baseline ms",
                "ratio",
                "program peak MiB",
                "baseline peak MiB",
                "ratio",
            ],
            evaluation,
        ),
        "",
        table(["nodes", "runs each", "program total ms", "baseline total ms", "ratio"], processes),
    ].join("\n");
}

function summary(runs: Measurement[]) {
    return {
        evaluationMs: median(runs.map((run) => run.evaluationMs)),
        peakMiB: median(runs.map((run) => run.peakKiB / 1024)),
        totalMs: median(runs.map((run) => run.totalMs)),
    };
}

function fixed(value: number, digits: number): string {
    return value.toFixed(digits);
}

/** A plain-text table, numbers right-aligned under their headings. */
function table(headings: string[], rows: string[][]): string {
    const widths = headings.map((heading, column) =>
        Math.max(heading.length, ...rows.map((row) => row[column].length)),
    );
    const line = (cells: string[]) =>
        cells.map((cell, column) => cell.padStart(widths[column])).join("  ");

    return [line(headings), line(widths.map((width) => "-".repeat(width))), ...rows.map(line)].join(
        "\n",
    );
}
