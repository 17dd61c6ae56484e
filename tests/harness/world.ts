/**
 * The real test world that `tests/world/start.sh` starts: registries, SSH hosts and their
 * Docker engines, described by `world.json` in the world folder.
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

/** A registry user; the password is also in the world's htpasswd file. */
export interface WorldUser {
    readonly username: string;
    readonly password: string;
}

/** One of the world's registries. */
export interface WorldRegistry {
    /** `127.0.0.1:<port>`, as image references name it. */
    readonly host: string;
    /** True when it speaks HTTPS with a certificate from the world's CA. */
    readonly tls: boolean;
    readonly auth: "basic" | "none" | "token";
    /** Its access log: one line per request it answered. */
    readonly log: string;
    /** The registry's own messages (errors, warnings, start-up). */
    readonly errorLog: string;
    readonly storage: string;
    readonly config: string;
}

/** The registry that wants bearer tokens from an issuer the tests run themselves. */
export interface WorldTokenRegistry extends WorldRegistry {
    readonly realm: string;
    readonly service: string;
    readonly issuer: string;
    /** PEM (PKCS #8) EC P-256 key whose tokens the registry accepts. */
    readonly signingKey: string;
    /** PEM certificate of that key: the registry's root bundle, sent in a token's `x5c`. */
    readonly signingCert: string;
}

/** An SSH test host with a Docker engine of its own. */
export interface WorldHost {
    readonly name: string;
    readonly address: string;
    readonly port: number;
    readonly user: string;
    readonly home: string;
    /** `unix://…` socket of the host's engine; its sessions get it as DOCKER_HOST. */
    readonly dockerHost: string;
    /** The host's public key, `ssh-ed25519 AAAA…`. */
    readonly hostKey: string;
}

/** Keys of the test images: `iris` and `iris2` are two tags of one repository. */
export type WorldImageKey = "iris" | "iris2" | "webgateway";

/** Everything `world.json` says about the running world. */
export interface World {
    readonly dir: string;
    /** PEM of the CA that signed the TLS registries' certificate. */
    readonly caFile: string;
    readonly users: { readonly deployer: WorldUser; readonly rotator: WorldUser };
    /** The private registry's htpasswd file; rewriting the rotator's entry rotates it. */
    readonly htpasswd: string;
    readonly registries: {
        readonly private: WorldRegistry;
        readonly public: WorldRegistry;
        readonly token: WorldTokenRegistry;
    };
    readonly hosts: readonly WorldHost[];
    readonly ssh: {
        readonly privateKey: string;
        readonly publicKey: string;
        /** Every host's key, in the form `ssh -o UserKnownHostsFile=` reads. */
        readonly knownHosts: string;
        /** An ssh_config with the key and known_hosts, and `host1`… as aliases. */
        readonly config: string;
        /** Holds an `ssh` that uses that config: put it first on PATH for `docker -H ssh://`. */
        readonly binDir: string;
    };
    readonly builder: { readonly dockerHost: string };
    /** Repository and tag, e.g. `intersystems/iris:2024.1`, on every registry. */
    readonly images: Readonly<Record<WorldImageKey, string>>;
    /** Manifest digest of each image, the same on every registry. */
    readonly digests: Readonly<Record<WorldImageKey, string>>;
}

/** Name of one of the world's registries. */
export type RegistryName = keyof World["registries"];

/** What a finished process left: exit code (null when killed), standard output and error. */
export interface CommandResult {
    readonly code: number | null;
    readonly stdout: string;
    readonly stderr: string;
}

const startCommand = "bash tests/world/start.sh";
const requiredFields = ["dir", "caFile", "users", "registries", "hosts", "ssh", "images"];
let cached: World | undefined;

/** The world folder: `$ICM_WORLD`, else `/tmp/icm-world`. */
export function worldDir(): string {
    return resolve(process.env.ICM_WORLD ?? "/tmp/icm-world");
}

/** Reads `world.json`; throws, saying how to start the world, when there is none. */
export function loadWorld(): World {
    if (cached !== undefined) {
        return cached;
    }

    const file = join(worldDir(), "world.json");
    let text: string;
    try {
        text = readFileSync(file, "utf8");
    } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        const why = code === "EACCES" ? "is readable by root only" : "does not exist";
        throw new Error(
            `The test world's ${file} ${why}: start the world as root with \`${startCommand}\` (set ICM_WORLD to use another folder).`,
            { cause: error },
        );
    }

    const parsed = JSON.parse(text) as Record<string, unknown>;
    const missing = requiredFields.filter((field) => !(field in parsed));
    if (missing.length > 0) {
        throw new Error(
            `The test world's ${file} lacks ${missing.join(", ")}: it was written by an older start.sh; restart the world with \`bash tests/world/stop.sh && ${startCommand}\`.`,
        );
    }

    cached = parsed as unknown as World;
    return cached;
}

/** The world host with this name (`host1`, `host2`, `host3`). */
export function worldHost(name: string): WorldHost {
    const world = loadWorld();
    const host = world.hosts.find((candidate) => candidate.name === name);
    if (host === undefined) {
        const known = world.hosts.map((candidate) => candidate.name).join(", ");
        throw new Error(`The test world has no host "${name}"; it has ${known}.`);
    }
    return host;
}

/**
 * Runs a script on a host as its user, over the world's key and known_hosts. The script
 * travels as the SSH command, so a secret must come through `stdin` instead.
 */
export function sshRun(host: WorldHost, script: string, stdin?: string): Promise<CommandResult> {
    const world = loadWorld();
    const args = ["-F", world.ssh.config, "-p", String(host.port)];

    return run("ssh", [...args, `${host.user}@${host.address}`, "--", script], stdin);
}

/** Runs the docker CLI as root straight against a host's engine socket, for assertions. */
export function hostDocker(
    host: WorldHost,
    args: readonly string[],
    stdin?: string,
): Promise<CommandResult> {
    return run("docker", ["-H", host.dockerHost, ...args], stdin);
}

/** The environment for `docker -H ssh://…`: the world's `ssh` first on PATH. */
export function worldSshEnv(): NodeJS.ProcessEnv {
    const binDir = loadWorld().ssh.binDir;

    return { ...process.env, PATH: `${binDir}:${process.env.PATH ?? ""}` };
}

/**
 * How many requests a registry has answered so far. The registry writes a request's log
 * line just after the response, so the count is read until it stays the same for 50 ms.
 */
export async function registryRequestCount(name: RegistryName): Promise<number> {
    const log = loadWorld().registries[name].log;
    let count = countLines(log);

    for (let attempt = 0; attempt < 20; attempt++) {
        await sleep(50);
        const next = countLines(log);
        if (next === count) {
            return count;
        }
        count = next;
    }
    return count;
}

/**
 * Sets a registry user's password in the world's htpasswd file, the password going to
 * htpasswd on standard input; the private registry applies it from its next request on.
 */
export async function setRegistryPassword(username: string, password: string): Promise<void> {
    const result = await run("htpasswd", ["-iB", loadWorld().htpasswd, username], password);

    if (result.code !== 0) {
        throw new Error(`htpasswd could not set the password of ${username}: ${result.stderr}`);
    }
}

function countLines(file: string): number {
    return readFileSync(file, "utf8").split("\n").filter(Boolean).length;
}

const commandTimeoutMs = 120_000;

function run(command: string, args: readonly string[], stdin?: string): Promise<CommandResult> {
    return new Promise((resolve, reject) => {
        const child = spawn(command, args, { stdio: ["pipe", "pipe", "pipe"] });
        const stdout: Buffer[] = [];
        const stderr: Buffer[] = [];
        let timedOut = false;
        const timer = setTimeout(() => {
            timedOut = true;
            child.kill("SIGKILL");
        }, commandTimeoutMs);

        child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk));
        child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
        child.on("error", (error) => {
            clearTimeout(timer);
            reject(new Error(`could not run ${command}: ${error.message}`));
        });
        child.on("close", (code) => {
            clearTimeout(timer);
            if (timedOut) {
                reject(new Error(`${command} did not finish within ${commandTimeoutMs / 1000} s`));
                return;
            }
            resolve({
                code,
                stdout: Buffer.concat(stdout).toString("utf8"),
                stderr: Buffer.concat(stderr).toString("utf8"),
            });
        });

        // A command may exit before reading its input; the broken pipe is not a failure.
        child.stdin.on("error", () => undefined);
        child.stdin.end(stdin);
    });
}
