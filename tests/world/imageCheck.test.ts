import assert from "node:assert/strict";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { before, describe, it } from "node:test";

import type { RunResult } from "../harness/results";
import { reveal } from "../harness/secrets";
import { preview } from "../harness/stack";
import { loadWorld, registryRequestCount, World } from "../harness/world";

const PROGRAM = join(__dirname, "..", "..", "index.ts");
const HOST_TYPES = [
    "command:remote:Command",
    "command:local:Command",
    "docker:index/container:Container",
];

let world: World;
let dir: string;

before(async () => {
    world = loadWorld();
    dir = await mkdtemp(join(tmpdir(), "icm-check-"));
    await writeFile(join(dir, "key"), "dummy key: no host is contacted here\n");
});

/** Writes definitions.json for `count` nodes, alternating DATA and WS roles. */
async function definitions(count: number): Promise<string> {
    const entries = Array.from({ length: count }, (_, index) => ({
        Role: index % 2 === 0 ? "DATA" : "WS",
        IPAddress: `127.0.${100 + Math.floor(index / 250)}.${(index % 250) + 1}`,
        SSHUser: "icmuser",
        ...(index % 2 === 1 ? { DockerImage: "intersystems/webgateway:2024.1" } : {}),
    }));
    const path = join(dir, `definitions-${count}.json`);
    await writeFile(path, JSON.stringify(entries));
    return path;
}

function privateConfig(extra: Record<string, string> = {}): Record<string, string> {
    return {
        "icm:dockerRegistry": `https://${world.registries.private.host}`,
        "icm:dockerUsername": world.users.deployer.username,
        "icm:dockerPassword": world.users.deployer.password,
        "icm:dockerImage": "intersystems/iris:2024.1",
        "icm:registryCaFile": world.caFile,
        "icm:sshPrivateKey": join(dir, "key"),
        ...extra,
    };
}

/** Previews the program: the image check runs, nothing is done on any host. */
async function run(config: Record<string, string>): Promise<RunResult> {
    return preview({
        program: PROGRAM,
        stateFile: join(dir, "state.json"),
        config,
        secretKeys: ["icm:dockerPassword"],
    });
}

function hostResources(result: RunResult) {
    return result.resources.filter((resource) => HOST_TYPES.includes(resource.type));
}

function containerImages(result: RunResult): unknown[] {
    return result.resources.filter((r) => r.type === HOST_TYPES[2]).map((r) => r.plain.image);
}

describe("checking images before deployment", () => {
    it("pins 200 nodes' two images by digest in a preview, checking each image once", async (t) => {
        const before = await registryRequestCount("private");
        const result = await run(privateConfig({ "icm:definitionsFile": await definitions(200) }));
        const requests = (await registryRequestCount("private")) - before;

        assert.equal(result.error, undefined);
        const registry = world.registries.private.host;
        const images = containerImages(result);
        assert.equal(images.length, 200);
        assert.deepEqual(
            new Set(images),
            new Set([
                `${registry}/intersystems/iris@${world.digests.iris}`,
                `${registry}/intersystems/webgateway@${world.digests.webgateway}`,
            ]),
        );
        assert.deepEqual(reveal(result.stackOutputs.images), [
            {
                role: "DATA",
                registry,
                image: `${registry}/intersystems/iris:2024.1`,
                digest: world.digests.iris,
            },
            {
                role: "WS",
                registry,
                image: `${registry}/intersystems/webgateway:2024.1`,
                digest: world.digests.webgateway,
            },
        ]);
        // A ping for the challenge, then one manifest request per image.
        t.diagnostic(`registry requests for 200 nodes and 2 images: ${requests}`);
        assert.ok(requests >= 3 && requests <= 6, `${requests} requests`);
    });

    it("pins a public image anonymously, with no login", async () => {
        const result = await run({
            "icm:dockerRegistry": world.registries.public.host,
            "icm:dockerImage": "intersystems/webgateway:2024.1",
        });

        assert.deepEqual(containerImages(result), [
            `${world.registries.public.host}/intersystems/webgateway@${world.digests.webgateway}`,
        ]);
        assert.ok(!result.resources.some((r) => r.name.endsWith("-login")));
    });

    it("accepts a digest reference that exists", async () => {
        const result = await run(
            privateConfig({ "icm:dockerImage": `intersystems/iris@${world.digests.iris2}` }),
        );

        assert.deepEqual(containerImages(result), [
            `${world.registries.private.host}/intersystems/iris@${world.digests.iris2}`,
        ]);
    });

    const failures: [string, Record<string, string>, RegExp][] = [
        [
            "a repository that does not exist",
            { "icm:dockerImage": "intersystems/nosuch:1.0" },
            /repository "intersystems\/nosuch" does not exist on registry 127\.0\.0\.1:5443/i,
        ],
        [
            "a tag that does not exist, saying the repository is there",
            { "icm:dockerImage": "intersystems/iris:1999.1" },
            /1999\.1/,
        ],
        ["a refused password", { "icm:dockerPassword": "wrong password" }, /refused|rejected/i],
        [
            "missing credentials",
            { "icm:dockerUsername": "", "icm:dockerPassword": "" },
            /icm:dockerUsername/,
        ],
        [
            "a registry certificate no configured CA vouches for",
            { "icm:registryCaFile": "" },
            /icm:registryCaFile/,
        ],
    ];
    for (const [what, change, expected] of failures) {
        it(`fails on ${what} before any host resource is declared`, async (t) => {
            const config = Object.fromEntries(
                Object.entries(privateConfig(change)).filter(([, value]) => value !== ""),
            );
            const result = await run(config);

            assert.ok(result.error, "the run did not fail");
            t.diagnostic(result.error);
            assert.match(result.error, expected);
            assert.match(result.error, /127\.0\.0\.1:5443/);
            assert.deepEqual(hostResources(result), []);
            const logged = result.logs.filter((line) => line.severity === "error");
            assert.ok(
                logged.some(
                    (line) => line.urn?.includes("IcmCluster") && expected.test(line.message),
                ),
                "the failure was not logged against the cluster",
            );
            for (const line of [result.error, ...result.logs.map((l) => l.message)]) {
                assert.ok(!line.includes(world.users.deployer.password));
            }
        });
    }

    it("uses the tag as given, with a warning, when the check is turned off", async () => {
        const result = await run(
            privateConfig({
                "icm:verifyImages": "false",
                "icm:dockerImage": "intersystems/nosuch:1.0",
            }),
        );

        assert.deepEqual(containerImages(result), [
            `${world.registries.private.host}/intersystems/nosuch:1.0`,
        ]);
        assert.ok(
            result.logs.some((line) => line.message.includes("not checked before deployment")),
        );
    });
});
