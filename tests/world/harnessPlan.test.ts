import assert from "node:assert/strict";
import { describe, it } from "node:test";

import fc from "fast-check";

import { containerCreateCall, goDuration, imageRegistry } from "../harness/containerSpec";
import { decide, deletionOrder } from "../harness/engine";
import {
    changedPaths,
    formatPath,
    keepPrevious,
    parsePropertyPath,
    pathsOverlap,
} from "../harness/propertyPath";
import { reveal, secret, secretPaths } from "../harness/secrets";
import type { PlanOptions, Registration, StateResource } from "../harness/state";

const noOptions: PlanOptions = {
    deleteBeforeReplace: false,
    replaceOnChanges: [],
    ignoreChanges: [],
    additionalSecretOutputs: [],
    protect: false,
    retainOnDelete: false,
};

function declared(
    overrides: Partial<Registration> & { inputs: Registration["inputs"] },
): Registration {
    return {
        urn: "urn:pulumi:test::icm::command:remote:Command::probe",
        type: "command:remote:Command",
        name: "probe",
        custom: true,
        parent: "",
        provider: "",
        dependencies: [],
        ...overrides,
        options: { ...noOptions, ...overrides.options },
    };
}

function stored(registration: Registration): StateResource {
    return { ...registration, id: "probe-1", outputs: registration.inputs };
}

describe("the harness engine's step decisions", () => {
    const command = (inputs: Registration["inputs"]) =>
        declared({ inputs, options: { ...noOptions, replaceOnChanges: ["triggers[*]"] } });
    const container = (inputs: Registration["inputs"], provider = "urn:p::1") =>
        declared({ type: "docker:index/container:Container", name: "web", provider, inputs });
    const dockerProvider = (inputs: Registration["inputs"]) =>
        declared({ type: "pulumi:providers:docker", name: "engine", inputs });

    const cases: [string, Registration | undefined, Registration, string, string[]][] = [
        ["creates what the state lacks", undefined, command({ create: "a" }), "create", []],
        [
            "leaves unchanged inputs alone",
            command({ create: "a" }),
            command({ create: "a" }),
            "same",
            [],
        ],
        [
            "treats a value that only became secret as unchanged",
            command({ stdin: "p" }),
            command({ stdin: secret("p") }),
            "same",
            [],
        ],
        [
            "updates a command whose stdin changed",
            command({ stdin: secret("p1"), triggers: ["1"] }),
            command({ stdin: secret("p2"), triggers: ["1"] }),
            "update",
            ["stdin"],
        ],
        [
            "replaces a command whose trigger changed",
            command({ create: "a", triggers: ["1"] }),
            command({ create: "a", triggers: ["2"] }),
            "replace",
            ["triggers[0]"],
        ],
        [
            "replaces a command that gained triggers",
            command({ create: "a" }),
            command({ create: "a", triggers: ["1"] }),
            "replace",
            ["triggers"],
        ],
        [
            "replaces a container whose image changed",
            container({ image: "a:1", name: "web" }),
            container({ image: "a:2", name: "web" }),
            "replace",
            ["image"],
        ],
        [
            "updates a container whose restart policy changed",
            container({ image: "a:1", restart: "no" }),
            container({ image: "a:1", restart: "always" }),
            "update",
            ["restart"],
        ],
        [
            "replaces a container whose provider was replaced",
            container({ image: "a:1" }, "urn:p::1"),
            container({ image: "a:1" }, "urn:p::2"),
            "replace",
            [],
        ],
        [
            "replaces a docker provider whose host changed",
            dockerProvider({ host: "ssh://a@h1:22" }),
            dockerProvider({ host: "ssh://a@h2:22" }),
            "replace",
            ["host"],
        ],
        [
            "updates a docker provider whose ssh options changed",
            dockerProvider({ host: "ssh://a@h1:22", sshOpts: '["-i","k1"]' }),
            dockerProvider({ host: "ssh://a@h1:22", sshOpts: '["-i","k2"]' }),
            "update",
            ["sshOpts"],
        ],
    ];

    for (const [behaviour, before, after, step, changed] of cases) {
        it(behaviour, () => {
            const decision = decide(before && stored(before), after);
            assert.equal(decision.step, step);
            assert.deepEqual(decision.changed, changed);
        });
    }

    it("keeps ignored inputs at their previous value and does not count them as changes", () => {
        const before = stored(command({ create: "a", stdin: "old" }));
        const after = declared({
            inputs: { create: "a", stdin: "new" },
            options: { ...noOptions, ignoreChanges: ["stdin"] },
        });

        const decision = decide(before, after);

        assert.equal(decision.step, "same");
        assert.equal(decision.inputs.stdin, "old");
    });

    it("explains why it replaces", () => {
        const decision = decide(stored(command({ triggers: ["1"] })), command({ triggers: ["2"] }));

        assert.deepEqual(decision.replaceReasons, [
            "triggers[0] changed and replaceOnChanges names triggers[*]",
        ]);
    });
});

describe("the harness engine's deletion order", () => {
    const resource = (name: string, extra: Partial<Registration> = {}): Registration =>
        declared({ urn: `urn:${name}`, name, inputs: {}, ...extra });

    it("deletes dependents, children and managed resources before what they need", () => {
        const provider = resource("provider");
        const parent = resource("parent");
        const command = resource("command", { parent: "urn:parent" });
        const container = resource("container", {
            provider: "urn:provider::id-1",
            dependencies: ["urn:command"],
        });

        const order = deletionOrder([provider, parent, command, container]).map((r) => r.name);

        assert.deepEqual(order, ["container", "command", "parent", "provider"]);
    });

    it("deletes unrelated resources newest first", () => {
        const order = deletionOrder([resource("a"), resource("b"), resource("c")]);

        assert.deepEqual(
            order.map((r) => r.name),
            ["c", "b", "a"],
        );
    });
});

describe("property paths", () => {
    const parsed: [string, (string | number)[]][] = [
        ["stdin", ["stdin"]],
        ["triggers[*]", ["triggers", "*"]],
        ["connection.host", ["connection", "host"]],
        ["envs[2]", ["envs", 2]],
        ['labels["a.b"].value', ["labels", "a.b", "value"]],
    ];

    for (const [text, segments] of parsed) {
        it(`reads ${text}`, () => {
            assert.deepEqual(parsePropertyPath(text), segments);
        });
    }

    it("rejects a malformed path, naming it", () => {
        assert.throws(() => parsePropertyPath("a[b"), {
            message:
                'property path "a[b" is malformed: use keys joined by dots with [n], [*] or ["key"]',
        });
    });

    it("reads back every path it writes", () => {
        const segment = fc.oneof(fc.string({ minLength: 1 }), fc.nat({ max: 50 }));
        const path = fc
            .tuple(fc.string({ minLength: 1 }), fc.array(segment, { maxLength: 4 }))
            .map(([head, rest]) => [head, ...rest]);

        fc.assert(
            fc.property(path, (segments) => {
                assert.deepEqual(parsePropertyPath(formatPath(segments)), segments);
            }),
        );
    });

    it("finds no change between a value and itself", () => {
        fc.assert(
            fc.property(fc.jsonValue(), (value) => {
                assert.deepEqual(changedPaths(value, structuredClone(value)), []);
            }),
        );
    });

    it("matches a wildcard against any element and against the whole list", () => {
        const pattern = parsePropertyPath("triggers[*]");

        assert.equal(pathsOverlap(pattern, ["triggers", 3]), true);
        assert.equal(pathsOverlap(pattern, ["triggers"]), true);
        assert.equal(pathsOverlap(pattern, ["create"]), false);
    });

    it("restores an ignored nested value and drops one the old value lacked", () => {
        const kept = keepPrevious(
            { connection: { host: "a" } },
            { connection: { host: "b", port: 22 }, extra: 1 },
            ["connection", "host"],
        );
        const dropped = keepPrevious({}, { extra: 1 }, ["extra"]);

        assert.deepEqual(kept, { connection: { host: "a", port: 22 }, extra: 1 });
        assert.deepEqual(dropped, {});
    });
});

describe("secret-wrapped values", () => {
    const inputs = {
        create: "run",
        stdin: secret("pw"),
        envs: ["A=1", secret("B=2")],
        connection: { host: "h", privateKey: secret("key") },
    };

    it("lists the path of every secret", () => {
        assert.deepEqual(secretPaths(inputs), ["stdin", "envs[1]", "connection.privateKey"]);
    });

    it("unwraps secrets at any depth", () => {
        assert.deepEqual(reveal(inputs), {
            create: "run",
            stdin: "pw",
            envs: ["A=1", "B=2"],
            connection: { host: "h", privateKey: "key" },
        });
    });
});

describe("container create calls", () => {
    it("passes what the docker provider passes to the Engine API", () => {
        const call = containerCreateCall({
            name: "web",
            image: "127.0.0.1:5000/intersystems/iris:2024.1",
            command: ["/bin/sleep", "60"],
            envs: ["A=1"],
            init: true,
            networkMode: "host",
            restart: "unless-stopped",
            ports: [{ internal: 52773, external: 52773 }],
            volumes: [{ hostPath: "/data", containerPath: "/mnt", readOnly: true }],
            labels: [{ label: "role", value: "data" }],
        });

        assert.equal(call.name, "web");
        assert.deepEqual(call.body, {
            Image: "127.0.0.1:5000/intersystems/iris:2024.1",
            Env: ["A=1"],
            Cmd: ["/bin/sleep", "60"],
            ExposedPorts: { "52773/tcp": {} },
            Volumes: { "/mnt": {} },
            Labels: { role: "data" },
            HostConfig: {
                Privileged: false,
                PublishAllPorts: false,
                RestartPolicy: { Name: "unless-stopped", MaximumRetryCount: 0 },
                Mounts: [],
                AutoRemove: false,
                ReadonlyRootfs: false,
                LogConfig: { Type: "" },
                PortBindings: { "52773/tcp": [{ HostIp: "0.0.0.0", HostPort: "52773" }] },
                Binds: ["/data:/mnt:ro"],
                NetworkMode: "host",
                Init: true,
            },
        });
    });

    const refused: [string, Record<string, unknown>, string][] = [
        [
            "an empty command part",
            { image: "a", command: ["sleep", ""] },
            "values for command may not be empty",
        ],
        [
            "a volume without a container path",
            { image: "a", volumes: [{ hostPath: "/x" }] },
            "volumes[0] has neither containerPath nor fromContainer: set one",
        ],
        [
            "an input the harness does not reproduce",
            { image: "a", uploads: [{ file: "/x", content: "y" }] },
            "uploads is not reproduced by the test harness: remove it from the test",
        ],
    ];

    for (const [what, inputs, message] of refused) {
        it(`refuses ${what}`, () => {
            assert.throws(() => containerCreateCall(inputs), { message });
        });
    }

    it("names the registry of an image reference, Docker Hub by default", () => {
        assert.equal(imageRegistry("127.0.0.1:5443/intersystems/iris:2024.1"), "127.0.0.1:5443");
        assert.equal(
            imageRegistry("containers.intersystems.com/intersystems/iris:2024.1"),
            "containers.intersystems.com",
        );
        assert.equal(imageRegistry("intersystems/iris:2024.1"), "docker.io");
        assert.equal(imageRegistry("busybox"), "docker.io");
    });

    it("reads Go durations as nanoseconds", () => {
        assert.equal(goDuration("1m30s"), 90e9);
        assert.equal(goDuration("500ms"), 5e8);
        assert.equal(goDuration("0s"), 0);
        assert.throws(() => goDuration("5 minutes"), {
            message: 'healthcheck duration "5 minutes" is malformed: write it like 30s or 1m30s',
        });
    });
});
