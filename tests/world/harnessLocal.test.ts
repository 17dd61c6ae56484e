import assert from "node:assert/strict";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";

import type { RunResult } from "../harness/results";
import { secret } from "../harness/secrets";
import { destroy, preview, up } from "../harness/stack";
import { readState } from "../harness/state";

const program = join(__dirname, "..", "harness", "fixtures", "localStack.ts");
const readerUrn = "urn:pulumi:test::icm::command:local:Command::reader";

describe("the harness with local commands", () => {
    let dir: string;
    let events: string;
    let stateFile: string;

    const config = (generation: string, input: string, exitCode = 0) => ({
        events,
        generation,
        input,
        exitCode,
    });
    const run = (generation: string, input: string, exitCode = 0) =>
        up({
            program,
            stateFile,
            config: config(generation, input, exitCode),
            secretKeys: ["input"],
        });
    const lines = async () => (await readFile(events, "utf8")).trim().split("\n");
    const reader = (result: RunResult) => result.resources.find((r) => r.urn === readerUrn);

    before(async () => {
        dir = await mkdtemp(join(tmpdir(), "harness-local-"));
        events = join(dir, "events");
        stateFile = join(dir, "state.json");
    });

    after(async () => {
        await rm(dir, { recursive: true, force: true });
    });

    it("creates a command, feeds it stdin and keeps the secret wrapped", async () => {
        const result = await run("1", "first secret");

        assert.equal(result.error, undefined);
        assert.deepEqual(await lines(), ["create 1"]);
        assert.equal(reader(result)?.step, "create");
        assert.deepEqual(reader(result)?.secretPaths, ["stdin"]);
        assert.deepEqual(reader(result)?.inputs.stdin, secret("first secret"));
        assert.equal(reader(result)?.outputs.stdout, "read 12 bytes");
        assert.equal(reader(result)?.outputs.stderr, "create done");
        assert.deepEqual(result.stackOutputs, {
            counted: "read 12 bytes",
            label: secret("generation 1"),
        });
    });

    it("ties pulumi.log lines to their resource and keeps console output", async () => {
        const result = await run("1", "first secret");

        const warning = result.logs.find((l) => l.severity === "warning");
        assert.deepEqual(warning, {
            severity: "warning",
            message: "the reader command counts its input",
            source: "pulumi",
            urn: readerUrn,
        });
        assert.ok(result.logs.some((l) => l.source === "stdout" && l.message === "program ran"));
    });

    it("leaves an unchanged command alone", async () => {
        const result = await run("1", "first secret");

        assert.equal(reader(result)?.step, "same");
        assert.deepEqual(await lines(), ["create 1"]);
    });

    it("runs the update script with the new stdin when only stdin changed", async () => {
        const result = await run("1", "second secret");

        assert.equal(reader(result)?.step, "update");
        assert.deepEqual(await lines(), ["create 1", "update 1"]);
        assert.equal(reader(result)?.outputs.stdout, "read 13 bytes");
    });

    it("previews a replacement without running anything or touching the state", async () => {
        const stateBefore = await readFile(stateFile, "utf8");

        const result = await preview({
            program,
            stateFile,
            config: config("2", "second secret"),
            secretKeys: ["input"],
        });

        assert.deepEqual(
            result.steps.filter((s) => s.urn === readerUrn).map((s) => s.op),
            ["create-replacement", "delete-replaced"],
        );
        assert.deepEqual(await lines(), ["create 1", "update 1"]);
        assert.equal(await readFile(stateFile, "utf8"), stateBefore);
    });

    it("fails a run whose command exits non-zero, reporting its output", async () => {
        const result = await run("2", "second secret", 3);

        assert.match(
            result.error ?? "",
            /^command:local:Command "reader": Process exited with status 3: running "echo \\"create 2\\"[^\n]*":\nread 13 bytes\ncreate done\n$/,
        );
        assert.ok(!JSON.stringify(result.logs).includes("second secret"));
        assert.deepEqual(
            result.steps
                .filter((s) => s.urn === readerUrn)
                .map((s) => [s.op, s.error !== undefined]),
            [["create-replacement", true]],
        );
    });

    it("keeps the previous resource when its replacement failed", async () => {
        const state = await readState(stateFile);

        const kept = state.resources.find((r) => r.urn === readerUrn);
        assert.deepEqual(kept?.inputs.triggers, ["1"]);
        assert.equal(kept?.pendingDelete, undefined);
    });

    it("replaces by creating the new command before deleting the old one", async () => {
        const result = await run("2", "second secret");

        assert.equal(result.error, undefined);
        // The first "create 2" is the failed attempt of the run before.
        assert.deepEqual(await lines(), [
            "create 1",
            "update 1",
            "create 2",
            "create 2",
            "delete 1",
        ]);
    });

    it("destroys everything and leaves an empty state", async () => {
        const result = await destroy({ stateFile });

        assert.equal(result.error, undefined);
        assert.deepEqual((await lines()).slice(-1), ["delete 2"]);
        assert.deepEqual((await readState(stateFile)).resources, []);
    });
});
