import assert from "node:assert/strict";
import { describe, it } from "node:test";

import * as pulumi from "@pulumi/pulumi";

import { failureOf, installMocks, plainStrings, settle } from "./support";

const recording = installMocks();
const PASSWORD = "Zq$7 |(s3cr3t)'\"\\;ü-Ω";

async function load() {
    return import("../../components/registryCredentials");
}

describe("RegistryCredentials", () => {
    it("normalises an ICM-style registry URL and keeps user and password secret", async () => {
        const { RegistryCredentials } = await load();
        const creds = new RegistryCredentials("icr", {
            registry: "https://containers.intersystems.com/",
            username: "jdoe",
            password: pulumi.secret(PASSWORD),
        });

        assert.equal(await settle(creds.server), "containers.intersystems.com");
        assert.equal(await settle(creds.loginServer), "containers.intersystems.com");
        assert.equal(await settle(creds.username), "jdoe");
        assert.equal(await pulumi.isSecret(creds.username), true);
        assert.equal(await settle(creds.password), PASSWORD);
        assert.equal(await pulumi.isSecret(creds.password), true);
        assert.equal(await settle(creds.anonymous), false);
        assert.equal(creds.loginRequired, true);
    });

    it("keeps the password secret even when it is given as plain text", async () => {
        const { RegistryCredentials } = await load();
        const creds = new RegistryCredentials("plain", {
            registry: "127.0.0.1:5443",
            username: "jdoe",
            password: PASSWORD,
        });

        assert.equal(await pulumi.isSecret(creds.password), true);
        assert.equal(await pulumi.isSecret(creds.dockerConfigJson), true);
    });

    it("builds a config.json document a pull secret can use", async () => {
        const { RegistryCredentials } = await load();
        const creds = new RegistryCredentials("doc", {
            registry: "127.0.0.1:5443",
            username: "jdoe",
            password: PASSWORD,
        });

        const document = JSON.parse(await settle(creds.dockerConfigJson)) as {
            auths: Record<string, { auth: string }>;
        };
        const auth = Buffer.from(document.auths["127.0.0.1:5443"].auth, "base64").toString("utf8");
        assert.equal(auth, `jdoe:${PASSWORD}`);
        assert.equal(await pulumi.isSecret(creds.dockerConfigJson), true);
    });

    it("defaults to Docker Hub with anonymous access and an empty document", async () => {
        const { RegistryCredentials } = await load();
        const creds = new RegistryCredentials("hub", {});

        assert.equal(await settle(creds.server), "docker.io");
        assert.equal(await settle(creds.loginServer), "https://index.docker.io/v1/");
        assert.equal(await settle(creds.anonymous), true);
        assert.equal(creds.loginRequired, false);
        assert.equal(await settle(creds.dockerConfigJson), '{"auths":{}}');
    });

    it("files Docker Hub credentials under the address docker login uses", async () => {
        const { RegistryCredentials } = await load();
        const creds = new RegistryCredentials("hub-user", {
            registry: "index.docker.io",
            username: "jdoe",
            password: PASSWORD,
        });

        const document = JSON.parse(await settle(creds.dockerConfigJson)) as {
            auths: Record<string, unknown>;
        };
        assert.deepEqual(Object.keys(document.auths), ["https://index.docker.io/v1/"]);
    });

    it("refuses a username without a password and names the command that stores one", async () => {
        const { RegistryCredentials } = await load();

        assert.throws(
            () => new RegistryCredentials("half", { username: "jdoe" }),
            (err: Error) =>
                err.message.includes("a username is set but no password") &&
                err.message.includes("pulumi config set --secret icm:dockerPassword"),
        );
    });

    it("refuses a password without a username, never showing the password", async () => {
        const { RegistryCredentials } = await load();

        assert.throws(
            () => new RegistryCredentials("other-half", { password: PASSWORD }),
            (err: Error) =>
                err.message.includes("a password is set but no username") &&
                err.message.includes("pulumi config set icm:dockerUsername") &&
                !err.message.includes(PASSWORD),
        );
    });

    it("rejects a registry value that is not a host, naming the field", async () => {
        const { RegistryCredentials } = await load();
        const failure = await failureOf(
            () => new RegistryCredentials("bad", { registry: "not a host" }),
        );

        assert.match(
            failure.message,
            /RegistryCredentials bad: registry: "not a host" is not a valid registry host/,
        );
    });

    it("rejects a username with a line break", async () => {
        const { RegistryCredentials } = await load();
        const failure = await failureOf(
            () =>
                new RegistryCredentials("newline", { username: "jdoe\nroot", password: PASSWORD }),
        );

        assert.match(
            failure.message,
            /RegistryCredentials newline: username contains a line break/,
        );
    });

    it("sends the engine no input at all, so no secret can reach it in plain text", async () => {
        const { RegistryCredentials } = await load();
        new RegistryCredentials("engine-view", {
            registry: "127.0.0.1:5443",
            username: "jdoe",
            password: PASSWORD,
        });
        await new Promise((resolve) => setTimeout(resolve, 50));

        const mine = recording.resources.filter((r) => r.name === "engine-view");
        assert.equal(mine.length, 1);
        assert.equal(mine[0].type, "icm:index:RegistryCredentials");
        assert.ok(plainStrings(mine[0].inputs).every((s) => !s.text.includes(PASSWORD)));
        assert.ok(recording.logs.every((line) => !line.includes(PASSWORD)));
    });
});
