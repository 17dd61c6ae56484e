import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";

import { loginInput, loginScript, logoutScript, pullScript } from "../../host";

const PASSWORD = "Zq$7 |(s3cr3t)'\"\\;ü-Ω";

/**
 * Runs `script` under `sh` with a stand-in `docker` first on PATH that writes down its
 * arguments and standard input, and returns what it saw.
 */
function runWithRecordingDocker(script: string, stdin: string, exitCode = 0) {
    const dir = mkdtempSync(join(tmpdir(), "icm-scripts-"));
    writeFileSync(
        join(dir, "docker"),
        `#!/bin/sh\nfor a in "$@"; do printf '%s\\n' "$a"; done > "${dir}/argv"\ncat > "${dir}/stdin"\nexit ${exitCode}\n`,
    );
    chmodSync(join(dir, "docker"), 0o755);

    let stderr = "";
    try {
        execFileSync("sh", ["-c", script], {
            input: stdin,
            cwd: dir,
            env: { PATH: `${dir}:/usr/bin:/bin` },
            stdio: ["pipe", "pipe", "pipe"],
        });
    } catch (err) {
        stderr = String((err as { stderr: Buffer }).stderr);
    }

    return {
        argv: readFileSync(join(dir, "argv"), "utf8").split("\n").slice(0, -1),
        stdin: readFileSync(join(dir, "stdin"), "utf8"),
        stderr,
        dir,
    };
}

describe("the login script", () => {
    it("passes the password to docker login on standard input only", () => {
        const seen = runWithRecordingDocker(
            loginScript("127.0.0.1:5443", "node1"),
            loginInput("deployer", PASSWORD),
        );

        assert.deepEqual(seen.argv, [
            "login",
            "--username",
            "deployer",
            "--password-stdin",
            "127.0.0.1:5443",
        ]);
        assert.equal(seen.stdin, PASSWORD);
    });

    it("carries a user name made of shell syntax as data", () => {
        const user = "$(touch pwned)`id`;x";
        const seen = runWithRecordingDocker(
            loginScript("r.example", "node1"),
            loginInput(user, "p"),
        );

        assert.equal(seen.argv[2], user);
        assert.ok(!existsSync(join(seen.dir, "pwned")));
    });

    it("carries a registry name made of shell syntax as data", () => {
        const server = "r.example'; touch pwned; '";
        const seen = runWithRecordingDocker(loginScript(server, "node1"), loginInput("u", "p"));

        assert.equal(seen.argv[4], server);
        assert.ok(!existsSync(join(seen.dir, "pwned")));
    });

    it("names the host and the registry when the login is refused", () => {
        const seen = runWithRecordingDocker(
            loginScript("127.0.0.1:5443", "node1 (icm@127.0.0.11:22)"),
            loginInput("u", PASSWORD),
            1,
        );

        assert.match(
            seen.stderr,
            /node1 \(icm@127\.0\.0\.11:22\): docker login to 127\.0\.0\.1:5443 failed/,
        );
        assert.ok(!seen.stderr.includes(PASSWORD));
    });

    it("holds no secret in its text", () => {
        assert.ok(!loginScript("127.0.0.1:5443", "n").includes("s3cr3t"));
    });
});

describe("the logout and pull scripts", () => {
    it("log out of the quoted server", () => {
        const seen = runWithRecordingDocker(logoutScript("127.0.0.1:5443"), "");

        assert.deepEqual(seen.argv, ["logout", "127.0.0.1:5443"]);
    });

    it("pull the quoted image quietly", () => {
        const image = "127.0.0.1:5443/intersystems/iris@sha256:" + "a".repeat(64);
        const seen = runWithRecordingDocker(pullScript(image), "");

        assert.deepEqual(seen.argv, ["pull", "--quiet", image]);
    });
});
