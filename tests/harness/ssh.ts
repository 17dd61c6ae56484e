import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { isRecord } from "./secrets";

/** The `connection` input of a remote Command, secrets unwrapped. */
export interface SshConnection {
    host: string;
    port: number;
    user: string;
    privateKey?: string;
    hostKey?: string;
    perDialTimeout: number;
}

/** A prepared `ssh` invocation: arguments up to and including `--` and the host. */
export interface SshLogin {
    /** Arguments for `ssh`; append the remote command. */
    args: string[];
    /** What ssh itself reported (connection, authentication, host key), not the remote output. */
    diagnostics(): Promise<string>;
}

/** Reads the plain `connection` input of a remote Command; throws naming what is missing. */
export function parseConnection(value: unknown, where: string): SshConnection {
    if (!isRecord(value) || typeof value.host !== "string" || value.host === "") {
        throw new Error(`${where}.host is missing: set connection.host to the host to run on`);
    }

    const unsupported = ["password", "privateKeyPassword", "proxy", "agentSocketPath"].filter(
        (key) => value[key] !== undefined,
    );
    if (unsupported.length > 0) {
        throw new Error(
            `${where}.${unsupported[0]} is not supported by the test harness, which logs in ` +
                "with an unencrypted private key only: use connection.privateKey",
        );
    }

    if (typeof value.privateKey !== "string" || value.privateKey === "") {
        throw new Error(`${where}.privateKey is missing: the test harness logs in with a key only`);
    }

    return {
        host: value.host,
        port: typeof value.port === "number" ? value.port : 22,
        user: typeof value.user === "string" ? value.user : "root",
        privateKey: value.privateKey,
        hostKey: typeof value.hostKey === "string" ? value.hostKey : undefined,
        perDialTimeout: typeof value.perDialTimeout === "number" ? value.perDialTimeout : 15,
    };
}

/**
 * Runs `use` with ssh arguments that log in as the command provider would: the key from
 * a 0600 file, the host key pinned to `hostKey` when given, else checked against
 * `knownHostsFile` when given, else not checked (the provider's own behaviour).
 */
export async function withSshLogin<T>(
    connection: SshConnection,
    knownHostsFile: string | undefined,
    use: (login: SshLogin) => Promise<T>,
): Promise<T> {
    const dir = await mkdtemp(join(tmpdir(), "icm-harness-ssh-"));

    try {
        const keyFile = join(dir, "key");
        const logFile = join(dir, "ssh.log");
        const key = connection.privateKey ?? "";
        await writeFile(keyFile, key.endsWith("\n") ? key : `${key}\n`, { mode: 0o600 });

        const args = [
            "-F",
            "/dev/null",
            "-T",
            "-i",
            keyFile,
            "-E",
            logFile,
            ...option("BatchMode", "yes"),
            ...option("IdentitiesOnly", "yes"),
            ...option("IdentityAgent", "none"),
            ...option("PasswordAuthentication", "no"),
            ...option("KbdInteractiveAuthentication", "no"),
            // Known gap: one dial only; the provider retries up to dialErrorLimit times.
            ...option("ConnectTimeout", String(connection.perDialTimeout)),
            ...option("LogLevel", "ERROR"),
            ...(await hostKeyOptions(connection, knownHostsFile, dir)),
            "-p",
            String(connection.port),
            "-l",
            connection.user,
            "--",
            connection.host,
        ];

        // ssh's own last words say what failed; the banners before them repeat it at length.
        const diagnostics = async () => {
            const text = await readFile(logFile, "utf8").catch(() => "");
            const lines = text.split("\n").filter((line) => line.trim() !== "");
            return lines.slice(-2).join(" ");
        };
        return await use({ args, diagnostics });
    } finally {
        await rm(dir, { recursive: true, force: true });
    }
}

async function hostKeyOptions(
    connection: SshConnection,
    knownHostsFile: string | undefined,
    dir: string,
): Promise<string[]> {
    const strict = [...option("GlobalKnownHostsFile", "/dev/null")];
    strict.push(...option("StrictHostKeyChecking", "yes"));

    if (connection.hostKey !== undefined) {
        const pinned = join(dir, "known_hosts");
        const pattern =
            connection.port === 22 ? connection.host : `[${connection.host}]:${connection.port}`;
        await writeFile(pinned, `${pattern} ${connection.hostKey.trim()}\n`, { mode: 0o600 });
        return [...option("UserKnownHostsFile", pinned), ...strict];
    }

    if (knownHostsFile !== undefined) {
        return [...option("UserKnownHostsFile", knownHostsFile), ...strict];
    }

    return [...option("UserKnownHostsFile", "/dev/null"), ...option("StrictHostKeyChecking", "no")];
}

function option(name: string, value: string): string[] {
    return ["-o", `${name}=${value}`];
}
