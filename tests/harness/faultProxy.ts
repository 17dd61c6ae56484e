/**
 * A forwarder on loopback between a client and a plain-HTTP registry that can answer chosen
 * requests with failures instead. It also serves as an HTTP proxy (CONNECT), counting tunnels.
 */
import {
    createServer,
    request as forward,
    type IncomingMessage,
    type ServerResponse,
} from "node:http";
import { connect, type AddressInfo, type Socket } from "node:net";

/** What to do instead of forwarding a request as it is. */
export type Fault =
    /** Answer with this status and these headers, e.g. Retry-After or WWW-Authenticate. */
    | { kind: "status"; status: number; headers?: Record<string, string> }
    | { kind: "reset" }
    | { kind: "hang" }
    /** Forward, then set these answer headers (null removes one). */
    | { kind: "rewrite"; headers: Record<string, string | null> };

/** A fault for the next `times` requests whose path matches. */
export interface FaultRule {
    path: RegExp;
    fault: Fault;
    times: number;
}

/** A running forwarder. */
export interface FaultProxy {
    /** The host:port to use as the image's registry. */
    registry: string;
    /** The URL to give as HTTP_PROXY / HTTPS_PROXY. */
    proxyUrl: string;
    /** Adds a rule; rules are tried in the order added. */
    inject(rule: FaultRule): void;
    /** How many HTTP requests with a matching path arrived, faulted or not. */
    hits(path: RegExp): number;
    /** The targets of CONNECT requests, in order. */
    tunnels: string[];
    close(): Promise<void>;
}

/** Starts a forwarder to `upstream` ("host:port") on an ephemeral loopback port. */
export async function startFaultProxy(upstream: string): Promise<FaultProxy> {
    const [upstreamHost, upstreamPort] = upstream.split(":");
    const rules: FaultRule[] = [];
    const paths: string[] = [];
    const tunnels: string[] = [];
    const sockets = new Set<Socket>();

    const server = createServer((request, response) => {
        paths.push(request.url ?? "");
        const rule = rules.find((r) => r.times > 0 && r.path.test(request.url ?? ""));
        if (rule === undefined) {
            relay(request, response, upstreamHost, Number(upstreamPort));
            return;
        }
        rule.times--;
        if (rule.fault.kind === "rewrite") {
            relay(request, response, upstreamHost, Number(upstreamPort), rule.fault.headers);
            return;
        }
        misbehave(rule.fault, request, response);
    });
    server.on("connection", (socket) => {
        sockets.add(socket);
        socket.on("close", () => sockets.delete(socket));
    });
    server.on("connect", (request: IncomingMessage, client: Socket, head: Buffer) => {
        tunnels.push(request.url ?? "");
        tunnel(request.url ?? "", client, head, sockets);
    });

    await new Promise<void>((ready) => server.listen(0, "127.0.0.1", ready));
    const { port } = server.address() as AddressInfo;

    return {
        registry: `127.0.0.1:${port}`,
        proxyUrl: `http://127.0.0.1:${port}`,
        inject: (rule) => rules.push({ ...rule }),
        hits: (path) => paths.filter((p) => path.test(p)).length,
        tunnels,
        close: () =>
            new Promise<void>((done) => {
                sockets.forEach((socket) => socket.destroy());
                server.close(() => done());
            }),
    };
}

function relay(
    request: IncomingMessage,
    response: ServerResponse,
    host: string,
    port: number,
    rewrite: Record<string, string | null> = {},
): void {
    const outgoing = forward(
        { host, port, method: request.method, path: request.url, headers: request.headers },
        (answer) => {
            const headers = { ...answer.headers };
            for (const [name, value] of Object.entries(rewrite)) {
                if (value === null) delete headers[name];
                else headers[name] = value;
            }
            response.writeHead(answer.statusCode ?? 502, headers);
            answer.pipe(response);
        },
    );
    outgoing.on("error", () => response.destroy());
    request.pipe(outgoing);
}

function misbehave(fault: Fault, request: IncomingMessage, response: ServerResponse): void {
    switch (fault.kind) {
        case "status": {
            response.writeHead(fault.status, fault.headers ?? {}).end();
            return;
        }
        case "reset":
            request.socket.resetAndDestroy();
            return;
        case "hang":
            // Keep the request open and unanswered until the client gives up or close() runs.
            request.resume();
            return;
    }
}

function tunnel(target: string, client: Socket, head: Buffer, sockets: Set<Socket>): void {
    const [host, port] = target.split(":");
    if (!host.startsWith("127.")) {
        client.end("HTTP/1.1 403 Forbidden\r\n\r\n"); // tests stay on this machine
        return;
    }

    const server = connect(Number(port), host, () => {
        client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
        server.write(head);
        server.pipe(client);
        client.pipe(server);
    });
    sockets.add(server);
    server.on("close", () => sockets.delete(server));
    server.on("error", () => client.destroy());
    client.on("error", () => server.destroy());
}
