import assert from "node:assert/strict";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { before, describe, it } from "node:test";

import { drain, failureOf, installMocks, isSecretValue, Registered, settle } from "./support";

const recording = installMocks();
const HOST_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBmqH0ZC4l1d8Kx9M0c4X1V0Wk7b2Qp2m3Rz0vPz1aBc";

let keyPath: string;

before(async () => {
    const dir = await mkdtemp(join(tmpdir(), "icm-node-"));
    keyPath = join(dir, "id_ed25519");
    await writeFile(keyPath, "dummy private key\n");
});

async function components() {
    return import("../../components");
}

function byName(name: string): Registered {
    const found = recording.resources.find((resource) => resource.name === name);
    assert.ok(found, `${name} was not registered`);
    return found;
}

describe("NodeDeployment", () => {
    it("logs in with a script free of secrets and the credentials as secret standard input", async () => {
        const { NodeDeployment, RegistryCredentials } = await components();
        const credentials = new RegistryCredentials("c1", {
            registry: "127.0.0.1:5443",
            username: "deployer",
            password: "pw",
        });
        new NodeDeployment("n1", {
            connection: { host: "127.0.0.11", user: "icmhost1", privateKeyPath: keyPath },
            credentials,
            image: "127.0.0.1:5443/intersystems/iris:2024.1",
        });
        await drain();

        const login = byName("n1-login");
        assert.match(String(login.inputs.create), /--password-stdin '127\.0\.0\.1:5443'/);
        assert.equal(login.inputs.update, login.inputs.create);
        assert.equal(login.inputs.delete, "docker logout '127.0.0.1:5443'");
        assert.ok(isSecretValue(login.inputs.stdin));
        assert.equal(login.inputs.stdin.value, "deployer\npw");
        assert.deepEqual(login.inputs.triggers, ["127.0.0.1:5443"]);
        assert.equal(login.inputs.addPreviousOutputInEnv, false);
        assert.ok(!("environment" in login.inputs));

        const connection = login.inputs.connection;
        assert.ok(isSecretValue(connection));
        assert.deepEqual(
            { ...(connection.value as Record<string, unknown>), privateKey: "…" },
            {
                host: "127.0.0.11",
                port: 22,
                user: "icmhost1",
                privateKey: "…",
                dialErrorLimit: 10,
                perDialTimeout: 15,
            },
        );
    });

    it("declares no login for anonymous access and pulls with the host's own access", async () => {
        const { NodeDeployment, RegistryCredentials } = await components();
        const credentials = new RegistryCredentials("c2", { registry: "127.0.0.1:5000" });
        const node = new NodeDeployment("n2", {
            connection: { host: "127.0.0.12", user: "icmhost2", privateKeyPath: keyPath },
            credentials,
            image: "127.0.0.1:5000/intersystems/webgateway:2024.1",
            container: { name: "gateway", env: { A: "1" }, command: ["/bin/sleep", "60"] },
        });
        await drain();

        assert.ok(!recording.resources.some((resource) => resource.name === "n2-login"));
        assert.equal(
            byName("n2-pull").inputs.create,
            "docker pull --quiet '127.0.0.1:5000/intersystems/webgateway:2024.1'",
        );
        const container = byName("n2-container");
        assert.equal(container.inputs.name, "gateway");
        assert.equal(container.inputs.restart, "unless-stopped");
        assert.equal(container.inputs.init, true);
        assert.deepEqual(container.inputs.envs, ["A=1"]);
        assert.deepEqual(container.inputs.command, ["/bin/sleep", "60"]);
        assert.equal(await settle(node.containerName), "gateway");
        assert.equal(await settle(node.host), "127.0.0.12");
    });

    it("pins the host key for both SSH paths when one is given", async () => {
        const { NodeDeployment, RegistryCredentials } = await components();
        const credentials = new RegistryCredentials("c3", {
            registry: "127.0.0.1:5443",
            username: "u",
            password: "p",
        });
        new NodeDeployment("n3", {
            connection: {
                host: "127.0.0.11",
                port: 2222,
                user: "icmhost1",
                privateKeyPath: keyPath,
                hostKey: HOST_KEY,
            },
            credentials,
            image: "127.0.0.1:5443/intersystems/iris:2024.1",
        });
        await drain();

        const provider = byName("n3-docker");
        assert.equal(provider.inputs.host, "ssh://icmhost1@127.0.0.11:2222");
        assert.deepEqual(JSON.parse(String(provider.inputs.sshOpts)), [
            "-i",
            keyPath,
            "-o",
            "BatchMode=yes",
            "-o",
            "IdentitiesOnly=yes",
            "-o",
            "StrictHostKeyChecking=yes",
            "-o",
            "UserKnownHostsFile=/dev/null",
            "-o",
            `KnownHostsCommand=/bin/echo [127.0.0.11]:2222 ${HOST_KEY}`,
        ]);
        const login = byName("n3-login");
        assert.ok(isSecretValue(login.inputs.connection));
        assert.equal((login.inputs.connection.value as { hostKey: string }).hostKey, HOST_KEY);
    });

    it("warns that ports are not published on the host network", async () => {
        const { NodeDeployment, RegistryCredentials } = await components();
        recording.logs.length = 0;
        new NodeDeployment("n4", {
            credentials: new RegistryCredentials("c4", {}),
            image: "busybox:1.36",
            container: { ports: [{ internal: 8080 }] },
        });
        await drain();

        assert.ok(
            recording.logs.some((line) =>
                line.includes("ports are not published on the host network"),
            ),
        );
    });

    const refusals: [string, Record<string, unknown>, string][] = [
        [
            "a host name with a space",
            { connection: { host: "bad host", user: "u" } },
            'NodeDeployment bad: connection.host: "bad host" is not a host name or IP address: it contains white space. Examples of valid values: "10.0.0.5", "node1.example.com".',
        ],
        [
            "a port out of range",
            { connection: { host: "h1", port: 70000, user: "u" } },
            "NodeDeployment bad: connection.port: 70000 is not a port number; use a whole number from 1 to 65535.",
        ],
        [
            "a user name that looks like an option",
            { connection: { host: "h1", user: "-oProxyCommand=x" } },
            'NodeDeployment bad: connection.user: "-oProxyCommand=x" is not a valid user name: use letters, digits, ".", "_" and "-", starting with a letter or "_" (for example "icmuser").',
        ],
        [
            "a host key that is not a public key",
            { connection: { host: "h1", user: "u", hostKey: "yes" } },
            'NodeDeployment bad: connection.hostKey is not an SSH public key; give the key type and base64 text as in known_hosts, e.g. "ssh-ed25519 AAAAC3Nza…".',
        ],
        [
            "a missing key file",
            { connection: { host: "h1", user: "u", privateKeyPath: "/nonexistent/key" } },
            'NodeDeployment bad: connection.privateKeyPath: cannot read the private key file "/nonexistent/key" (ENOENT). Give the path of the SSH private key for the node (ICM\'s SSHPrivateKey).',
        ],
        [
            "a bad container name",
            { container: { name: "-x" } },
            'NodeDeployment bad: container.name "-x" is not a container name; use letters, digits, "_", "." and "-", starting with a letter or digit.',
        ],
        [
            "a relative volume path",
            { container: { volumes: [{ hostPath: "/data", containerPath: "data" }] } },
            'NodeDeployment bad: container.volumes[0].containerPath "data" is not an absolute path; start it with /.',
        ],
    ];
    for (const [what, args, message] of refusals) {
        it(`refuses ${what} with a message naming the field`, async () => {
            const { NodeDeployment, RegistryCredentials } = await components();
            const connection = args.connection
                ? { privateKeyPath: keyPath, ...args.connection }
                : undefined;

            const failure = await failureOf(
                () =>
                    new NodeDeployment("bad", {
                        credentials: new RegistryCredentials("cbad", {}),
                        image: "busybox:1.36",
                        ...args,
                        connection: connection as never,
                    }),
            );
            assert.equal(failure.message, message);
        });
    }
});
