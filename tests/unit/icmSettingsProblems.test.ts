import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { resolveSettings } from "../../icm";
import { problemsOf, resolve } from "./icmSupport";
import { parseImageReference, parseRegistryHost } from "../../reference";

function messageOf(run: () => unknown): string {
    try {
        run();
    } catch (error) {
        assert.ok(error instanceof Error);
        return error.message;
    }

    return assert.fail("expected an error");
}

const HOST = { Role: "DM", IPAddress: "10.0.0.5" };
const ICR = "containers.intersystems.com";

describe("settings problems", () => {
    const cases: [string, () => unknown, string][] = [
        [
            "rejects an image on another registry than the registry setting",
            () => resolve({ dockerImage: "ghcr.io/acme/app:1" }, { DockerRegistry: ICR }),
            'icm:dockerImage: the image is on registry "ghcr.io", but defaults.json: DockerRegistry names "containers.intersystems.com", so the login credentials would go to the wrong server; make the two agree, or drop the registry from the image name',
        ],
        [
            "rejects an image on another registry than a node's own registry setting",
            () =>
                resolve({}, { DockerImage: `${ICR}/intersystems/iris:2024.1` }, [
                    { ...HOST, DockerRegistry: "registry.example.com" },
                ]),
            'defaults.json: DockerImage: the image is on registry "containers.intersystems.com", but definitions.json[0].DockerRegistry names "registry.example.com", so the login credentials would go to the wrong server; make the two agree, or drop the registry from the image name',
        ],
        [
            "rejects credentials without registry for an image that is not on Docker Hub",
            () =>
                resolve(
                    { dockerUsername: "pat", dockerPassword: "pw" },
                    { DockerImage: `${ICR}/intersystems/iris:2024.1` },
                ),
            'defaults.json: DockerImage: the image is on registry "containers.intersystems.com", but no DockerRegistry goes with the credentials (icm:dockerUsername), so they would go to Docker Hub ("docker.io"), the wrong server; set DockerRegistry to "containers.intersystems.com" next to them, or run "pulumi config set icm:dockerRegistry containers.intersystems.com"',
        ],
        [
            "rejects a user name without password, naming the command that sets one",
            () => resolve({ dockerImage: "team/app:1", dockerUsername: "pat" }),
            'icm:dockerUsername: a user name is set but no password goes with it; run "pulumi config set --secret icm:dockerPassword" to give the password, or remove the user name if the repository is public',
        ],
        [
            "rejects a password without user name, naming the command that sets one",
            () => resolve({ dockerImage: "team/app:1" }, { DockerPassword: "pw" }),
            'defaults.json: DockerPassword: a password is set but no user name goes with it; run "pulumi config set icm:dockerUsername <user>" to give the user name, or remove the password if the repository is public',
        ],
        [
            "rejects a deployment without nodes and without any image",
            () => resolve({}, { DockerRegistry: ICR }),
            'icm:dockerImage: no image is set; run "pulumi config set icm:dockerImage <image>", or set DockerImage in defaults.json',
        ],
        [
            "rejects a node without any image",
            () => resolve({}, {}, [HOST]),
            'definitions.json[0].DockerImage: no image is set for this host; set DockerImage in this entry or in defaults.json, or run "pulumi config set icm:dockerImage <image>"',
        ],
        [
            "rejects an empty user name from the stack config",
            () => resolve({ dockerImage: "team/app:1", dockerUsername: "", dockerPassword: "p" }),
            "icm:dockerUsername: is empty; give a value or remove the setting",
        ],
        [
            "rejects a password from an ICM file that ends in a lone backslash",
            () =>
                resolve({ dockerImage: "a/b:1" }, { DockerUsername: "u", DockerPassword: "pw\\" }),
            "defaults.json: DockerPassword: the value ends in a lone backslash, which escapes nothing; if the password ends in a backslash, write it as four backslashes (\\\\\\\\) in the JSON file, otherwise remove the last one",
        ],
        [
            "rejects an entry with neither IPAddress nor DNSName",
            () => resolve({ dockerImage: "team/app:1" }, {}, [{ Role: "DM" }]),
            "definitions.json[0].IPAddress: the entry has neither IPAddress nor DNSName; give the existing host's address in IPAddress or its name in DNSName",
        ],
    ];

    for (const [name, run, problem] of cases) {
        it(name, () => {
            assert.deepEqual(problemsOf(run), [problem]);
        });
    }

    it("keeps the message of an invalid image reference", () => {
        const expected = messageOf(() => parseImageReference("Team/App:1", "icm:dockerImage"));

        assert.deepEqual(
            problemsOf(() => resolve({ dockerImage: "Team/App:1" })),
            [expected],
        );
    });

    it("keeps the message of an invalid registry host", () => {
        const registry = "https://user@host";
        const expected = messageOf(() =>
            parseRegistryHost(registry, "defaults.json: DockerRegistry"),
        );
        const run = () => resolve({ dockerImage: "team/app:1" }, { DockerRegistry: registry });

        assert.deepEqual(problemsOf(run), [expected]);
    });

    it("reports each setting's problem once, however many nodes share it", () => {
        const entries = [HOST, { Role: "AM", IPAddress: "10.0.0.6" }];
        const run = () => resolve({ dockerUsername: "pat" }, { DockerImage: "Bad:1" }, entries);

        assert.deepEqual(problemsOf(run), [
            messageOf(() => parseImageReference("Bad:1", "defaults.json: DockerImage")),
            'icm:dockerUsername: a user name is set but no password goes with it; run "pulumi config set --secret icm:dockerPassword" to give the password, or remove the user name if the repository is public',
        ]);
    });

    it("lists every problem in one error", () => {
        const message = messageOf(() => resolve({ dockerPassword: "p" }, {}, [{ Role: "DM" }]));

        assert.equal(
            message,
            "3 problems in the ICM settings:\n" +
                '  - icm:dockerPassword: a password is set but no user name goes with it; run "pulumi config set icm:dockerUsername <user>" to give the user name, or remove the password if the repository is public\n' +
                '  - definitions.json[0].DockerImage: no image is set for this host; set DockerImage in this entry or in defaults.json, or run "pulumi config set icm:dockerImage <image>"\n' +
                "  - definitions.json[0].IPAddress: the entry has neither IPAddress nor DNSName; give the existing host's address in IPAddress or its name in DNSName",
        );
    });
});

describe("settings warnings", () => {
    it("advises pinning an image that Docker would pull as latest", () => {
        assert.deepEqual(resolve({ dockerImage: "busybox" }).warnings, [
            'icm:dockerImage: names no tag or digest, so Docker pulls "latest", which changes whenever the image is republished; pin a tag (name:tag) or a digest (name@sha256:...)',
        ]);
    });

    it("gives no warning for an image pinned by digest", () => {
        const digest = `sha256:${"a".repeat(64)}`;

        assert.deepEqual(resolve({ dockerImage: `busybox@${digest}` }).warnings, []);
    });

    it("warns once about an unpinned image that several nodes share", () => {
        const entries = [HOST, { Role: "AM", IPAddress: "10.0.0.6" }];

        assert.equal(resolve({}, { DockerImage: "busybox" }, entries).warnings.length, 1);
    });

    it("passes on the warnings of the files", () => {
        const settings = resolveSettings({
            stack: { dockerImage: "team/app:1" },
            defaults: { file: "defaults.json", values: {}, warnings: ["from defaults"] },
            definitions: {
                file: "definitions.json",
                entries: [HOST],
                warnings: ["from definitions"],
            },
        });

        assert.deepEqual(settings.warnings, ["from defaults", "from definitions"]);
    });

    it("warns that a cloud Provider is read as existing hosts", () => {
        const settings = resolve({}, { DockerImage: "team/app:1", Provider: "AWS" }, [HOST]);

        assert.deepEqual(settings.warnings, [
            'defaults.json: Provider: is "AWS", but this project deploys only onto existing hosts, listed in definitions.json by IPAddress or DNSName as for ICM\'s PreExisting provider; set Provider to "PreExisting"',
        ]);
    });
});
