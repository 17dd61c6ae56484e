import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { Agent, request } from "node:http";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Where a docker provider reaches its engine: its `host` and `sshOpts`. */
export interface EngineEndpoint {
    host: string;
    sshOpts: string[];
}

/** A reply of the Engine API. */
export interface EngineReply {
    status: number;
    body: string;
}

/** Engine API version the harness speaks; the test engines are Debian's 20.10. */
const API = "/v1.41";

/**
 * A connection to one Docker engine. For `ssh://` hosts it runs `ssh <sshOpts> … docker
 * system dial-stdio`, as the docker client libraries the provider uses do, and speaks
 * HTTP over that process through a private unix socket.
 */
export class DockerEngine {
    private readonly children: ChildProcess[] = [];
    private readonly sshErrors: string[] = [];
    private readonly agent = new Agent({ keepAlive: true, maxSockets: 1 });
    private server?: Server;
    private dir?: string;
    private socketPath = "";
    private tcp?: { host: string; port: number };

    private constructor(private readonly endpoint: EngineEndpoint) {}

    /** Opens a connection to the engine at `endpoint`. */
    static async open(endpoint: EngineEndpoint): Promise<DockerEngine> {
        const engine = new DockerEngine(endpoint);
        await engine.connect();
        return engine;
    }

    /** Sends one API call; `path` is relative to the API version, e.g. `/containers/json`. */
    call(
        method: string,
        path: string,
        body?: unknown,
        headers: Record<string, string> = {},
    ): Promise<EngineReply> {
        const payload = body === undefined ? undefined : JSON.stringify(body);
        const allHeaders: Record<string, string> = { Host: "docker", ...headers };

        if (payload !== undefined) {
            allHeaders["Content-Type"] = "application/json";
            allHeaders["Content-Length"] = String(Buffer.byteLength(payload));
        }

        return new Promise((resolve, reject) => {
            const target = this.tcp ?? { socketPath: this.socketPath };
            const req = request(
                { ...target, agent: this.agent, method, path: API + path, headers: allHeaders },
                (res) => {
                    const chunks: Buffer[] = [];
                    res.on("data", (chunk: Buffer) => chunks.push(chunk));
                    res.on("end", () =>
                        resolve({
                            status: res.statusCode ?? 0,
                            body: Buffer.concat(chunks).toString("utf8"),
                        }),
                    );
                    res.on("error", reject);
                },
            );

            req.on("error", (err) => reject(this.explain(err)));
            req.end(payload);
        });
    }

    /** Closes the connection and the ssh processes it started. */
    async close(): Promise<void> {
        this.agent.destroy();
        await new Promise<void>((resolve) =>
            this.server ? this.server.close(() => resolve()) : resolve(),
        );

        for (const child of this.children) {
            child.stdin?.end();
            if (child.exitCode === null) {
                child.kill();
            }
        }

        if (this.dir !== undefined) {
            await rm(this.dir, { recursive: true, force: true });
        }
    }

    private async connect(): Promise<void> {
        const url = new URL(this.endpoint.host);

        if (url.protocol === "unix:") {
            this.socketPath = url.pathname;
        } else if (url.protocol === "tcp:") {
            this.tcp = { host: url.hostname, port: Number(url.port || 2375) };
        } else if (url.protocol === "ssh:") {
            await this.tunnel(url);
        } else {
            throw new Error(
                `docker provider host "${this.endpoint.host}" is not supported by the test ` +
                    "harness: use ssh://user@host:port, unix:///path or tcp://host:port",
            );
        }
    }

    private async tunnel(url: URL): Promise<void> {
        this.dir = await mkdtemp(join(tmpdir(), "icm-harness-docker-"));
        this.socketPath = join(this.dir, "engine.sock");

        const args = [...this.endpoint.sshOpts, "-o", "ConnectTimeout=30", "-T"];
        if (url.username !== "") {
            args.push("-l", decodeURIComponent(url.username));
        }
        if (url.port !== "") {
            args.push("-p", url.port);
        }
        args.push("--", url.hostname, "docker", "system", "dial-stdio");

        this.server = createServer((socket) => {
            const child = spawn("ssh", args, { stdio: ["pipe", "pipe", "pipe"] });
            this.children.push(child);

            child.stderr.on("data", (chunk: Buffer) => this.sshErrors.push(chunk.toString("utf8")));
            child.on("error", (err) => socket.destroy(err));
            child.on("close", () => socket.end());
            socket.on("error", () => child.kill());
            socket.on("close", () => child.stdin.end());

            socket.pipe(child.stdin);
            child.stdout.pipe(socket);
        });

        await new Promise<void>((resolve, reject) => {
            this.server?.once("error", reject);
            this.server?.listen(this.socketPath, resolve);
        });
    }

    private explain(err: Error): Error {
        const ssh = this.sshErrors.join("").trim();
        const via = ssh === "" ? "" : ` (ssh said: ${ssh})`;
        return new Error(`error during connect to ${this.endpoint.host}: ${err.message}${via}`);
    }
}

/** The `message` of an Engine API error reply, or its raw body. */
export function engineMessage(reply: EngineReply): string {
    try {
        const parsed = JSON.parse(reply.body) as { message?: unknown };
        if (typeof parsed.message === "string") {
            return parsed.message;
        }
    } catch {
        // Not JSON: the raw body says more than nothing.
    }

    return reply.body.trim() || `HTTP ${reply.status}`;
}
