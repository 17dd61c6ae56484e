// `npm run bench`: time and peak memory of evaluating the project's program under the SDK's
// mock monitor, next to the same resources declared directly. See bench/README.md.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

import { BASELINE_PER_NODE } from "./baseline";
import { differences } from "./equivalence";
import { Fixture, writeFixture } from "./fixtures";
import { Mode } from "./protocol";
import { CaseRuns, formatReport } from "./report";
import { Measurement, runChild } from "./runner";

/** Cluster sizes and runs per way of declaring; 1000 nodes takes over a minute a run. */
const DEFAULT_CASES = "10:5 100:5 1000:1";

/** The cluster component and its credentials, besides five resources per node. */
const PROGRAM_FIXED = 2;
const PROGRAM_PER_NODE = 5;

interface Case {
    readonly nodes: number;
    readonly runs: number;
}

async function bench(cases: Case[]): Promise<void> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "icm-bench-"));
    try {
        await checkEquivalence(writeFixture(path.join(dir, "check"), 10));

        const results: CaseRuns[] = [];
        for (const { nodes, runs } of cases) {
            results.push(await runCase(writeFixture(path.join(dir, String(nodes)), nodes), runs));
        }

        console.log(formatReport(results));
        console.log(
            "\nMedians. ms: from the call of main() (or of the baseline's declaration) until the " +
                "mock monitor received the last registration, modules already loaded; peak MiB: " +
                "maxRSS of a fresh child process per run; total ms: spawn to exit of that process.",
        );
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

/** Refuses to compare unless both ways declare the same custom resources with the same inputs. */
async function checkEquivalence(fixture: Fixture): Promise<void> {
    const program = await measure(fixture, "program", true);
    const baseline = await measure(fixture, "baseline", true);

    const problems = differences(
        program.fingerprints.filter((resource) => !resource.type.startsWith("icm:")),
        baseline.fingerprints,
    );
    if (problems.length > 0) {
        throw new Error(
            `the baseline no longer declares what the program declares; update ` +
                `bench/baseline.ts or bench/fixtures.ts:\n${problems.join("\n")}`,
        );
    }
    progress(`checked: both declare the same ${baseline.fingerprints.length} custom resources`);
}

/** Alternates the two ways run by run, each starting first in turn, against drift in load. */
async function runCase(fixture: Fixture, runs: number): Promise<CaseRuns> {
    const measured: CaseRuns = { nodes: fixture.nodes, program: [], baseline: [] };

    for (let run = 0; run < runs; run++) {
        const order: Mode[] = run % 2 === 0 ? ["program", "baseline"] : ["baseline", "program"];
        for (const mode of order) {
            const result = await measure(fixture, mode, false);
            measured[mode].push(result);
            progress(
                `${fixture.nodes} nodes, run ${run + 1}/${runs}, ${mode}: ` +
                    `${result.evaluationMs.toFixed(0)} ms, ${(result.peakKiB / 1024).toFixed(1)} MiB`,
            );
        }
    }

    return measured;
}

function measure(fixture: Fixture, mode: Mode, fingerprints: boolean): Promise<Measurement> {
    const expected =
        mode === "program"
            ? PROGRAM_FIXED + PROGRAM_PER_NODE * fixture.nodes
            : BASELINE_PER_NODE * fixture.nodes;

    return runChild({
        mode,
        config: fixture.config,
        planFile: fixture.planFile,
        expected,
        fingerprints,
    });
}

function progress(line: string): void {
    process.stderr.write(`${line}\n`);
}

/** Reads `nodes:runs` pairs such as `100:5`, the defaults when none are given. */
function parseCases(args: string[]): Case[] {
    const words = args.length > 0 ? args : DEFAULT_CASES.split(" ");

    return words.map((word) => {
        const match = /^(\d+):(\d+)$/.exec(word);
        const nodes = Number(match?.[1]);
        const runs = Number(match?.[2]);
        if (match === null || nodes < 1 || runs < 1) {
            throw new Error(
                `bench argument ${JSON.stringify(word)} is not nodes:runs with both at least 1; ` +
                    `give pairs such as \`npm run bench -- ${DEFAULT_CASES}\``,
            );
        }

        return { nodes, runs };
    });
}

bench(parseCases(process.argv.slice(2))).catch((err: unknown) => {
    process.stderr.write(`bench failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
});
