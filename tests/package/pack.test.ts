import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";

const run = promisify(execFile);
const root = resolve(__dirname, "../..");
const tsc = join(root, "node_modules/.bin/tsc");

/** A Pulumi program of someone else's that composes the packed components. */
const PROGRAM = `import * as pulumi from "@pulumi/pulumi";
import { IcmCluster, NodeDeployment, RegistryCredentials } from "pulumi-icm";

async function main(): Promise<void> {
    await pulumi.runtime.setMocks(
        {
            newResource: (args) => ({ id: args.name + "-id", state: args.inputs }),
            call: (args) => args.inputs,
        },
        "scratch",
        "dev",
    );
    const creds = new RegistryCredentials("creds", {
        registry: "https://registry.example.com/",
        username: "deployer",
        password: pulumi.secret("not-a-real-password"),
    });
    const kinds = [typeof NodeDeployment, typeof IcmCluster].join(",");
    creds.server.apply((server) => console.log(JSON.stringify({ server, kinds })));
}

void main();
`;

describe("the packed package", () => {
    let scratch: string;
    let tarball: string;

    before(async () => {
        scratch = await mkdtemp(join(tmpdir(), "icm-pack-"));
        await run("npm", ["run", "build"], { cwd: root });
        await run("npm", ["pack", "--pack-destination", scratch], { cwd: root });
        tarball = (await readdir(scratch)).find((name) => name.endsWith(".tgz")) ?? "";
    });

    after(async () => {
        await rm(scratch, { recursive: true, force: true });
    });

    it("holds the compiled components with type declarations and no tests", async () => {
        const { stdout } = await run("tar", ["-tzf", join(scratch, tarball)]);
        const files = stdout.split("\n");

        assert.ok(files.includes("package/dist/components/index.js"));
        assert.ok(files.includes("package/dist/components/index.d.ts"));
        assert.ok(files.includes("package/dist/reference/index.d.ts"));
        assert.ok(!files.some((file) => file.includes("/tests/")));
    });

    it("installs into another TypeScript Pulumi program that imports and uses it", async () => {
        const program = join(scratch, "program");
        await run("mkdir", ["-p", program]);
        await writeFile(
            join(program, "package.json"),
            JSON.stringify({ name: "scratch", private: true, version: "0.0.0" }),
        );
        await writeFile(join(program, "index.ts"), PROGRAM);
        await writeFile(
            join(program, "tsconfig.json"),
            JSON.stringify({
                compilerOptions: {
                    strict: true,
                    module: "commonjs",
                    target: "ES2022",
                    outDir: "bin",
                    esModuleInterop: true,
                    skipLibCheck: false,
                    types: [],
                },
                files: ["index.ts"],
            }),
        );

        await run(
            "npm",
            [
                "install",
                "--prefer-offline",
                "--no-audit",
                "--no-fund",
                join(scratch, tarball),
                "@pulumi/pulumi@~3.248.0",
            ],
            { cwd: program },
        );
        await run(tsc, ["-p", "."], { cwd: program });
        const { stdout } = await run("node", ["bin/index.js"], { cwd: program });

        assert.deepEqual(JSON.parse(stdout.trim()), {
            server: "registry.example.com",
            kinds: "function,function",
        });
    });
});
