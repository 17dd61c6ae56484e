import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { resolve } from "node:path";
import { describe, it } from "node:test";
import { promisify } from "node:util";

const run = promisify(execFile);
const root = resolve(__dirname, "../..");

/**
 * Loads index.ts as the Pulumi CLI's Node.js host does for `runtime.options.typescript`:
 * the SDK's ts-node (vendored unless the project has one) with the project's TypeScript
 * and tsconfig.json, type checking on. Run in a plain node process, without tsx.
 */
const LOADER = `
const path = require("path");
const tsutils = require("@pulumi/pulumi/tsutils");
const { tsnodeRequire, typescriptRequire } = tsutils.typeScriptRequireStrings();
const compilerOptions = tsutils.loadTypeScriptCompilerOptions("tsconfig.json");
require(tsnodeRequire).register({
    compiler: typescriptRequire,
    project: "tsconfig.json",
    compilerOptions: { target: "ES2020", module: "nodenext", moduleResolution: "nodenext", ...compilerOptions },
});
const program = require(path.resolve("index.ts"));
console.log(JSON.stringify({ program: typeof program, typescript: require(typescriptRequire).version }));
`;

describe("the stack's program", () => {
    it("loads and type-checks the way the Pulumi CLI's Node.js host loads it", async () => {
        const { stdout } = await run(process.execPath, ["-e", LOADER], { cwd: root });
        const loaded = JSON.parse(stdout.trim()) as { program: string; typescript: string };

        assert.equal(loaded.program, "function");
        assert.match(loaded.typescript, /^5\./);
    });
});
