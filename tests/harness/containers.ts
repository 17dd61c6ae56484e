import { containerCreateCall, containerUpdateBody, imageRegistry } from "./containerSpec";
import { DockerEngine, engineMessage, type EngineEndpoint } from "./dockerEngine";
import { isRecord, type PropertyMap } from "./secrets";

/** The docker provider's settings that matter to the harness, secrets unwrapped. */
export interface DockerProviderSettings extends EngineEndpoint {
    /** Credentials per registry host, from the provider's `registryAuth`. */
    registryAuth: { address: string; username?: string; password?: string }[];
}

/**
 * Reads the plain inputs of a `pulumi:providers:docker` (non-strings arrive JSON-encoded).
 * Without a host the provider, like the docker CLI, uses DOCKER_HOST or the local socket.
 */
export function dockerProviderSettings(inputs: PropertyMap | undefined): DockerProviderSettings {
    const given = inputs?.host;
    const host =
        typeof given === "string" && given !== ""
            ? given
            : (process.env.DOCKER_HOST ?? "unix:///var/run/docker.sock");

    const sshOpts = decodeJson(inputs?.sshOpts);
    const auth = decodeJson(inputs?.registryAuth);

    return {
        host,
        sshOpts: Array.isArray(sshOpts) ? sshOpts.map(String) : [],
        registryAuth: Array.isArray(auth)
            ? auth.filter(isRecord).map((a) => ({
                  address: String(a.address),
                  username: typeof a.username === "string" ? a.username : undefined,
                  password: typeof a.password === "string" ? a.password : undefined,
              }))
            : [],
    };
}

/** Pulls the image when the engine lacks it, creates and starts the container; returns its id. */
export async function createContainer(
    provider: DockerProviderSettings,
    inputs: PropertyMap,
): Promise<string> {
    const call = containerCreateCall(inputs);
    const image = String(inputs.image);

    return withEngine(provider, async (engine) => {
        await ensureImage(engine, provider, image);

        const query = new URLSearchParams({ name: call.name });
        if (call.platform !== undefined) {
            query.set("platform", call.platform);
        }
        const created = await engine.call(
            "POST",
            `/containers/create?${query.toString()}`,
            call.body,
        );
        if (created.status !== 201) {
            throw new Error(`Unable to create container: ${engineMessage(created)}`);
        }
        const id = (JSON.parse(created.body) as { Id: string }).Id;

        if (inputs.start !== false) {
            try {
                await start(engine, id, inputs);
            } catch (err) {
                // Known gap: the provider keeps such a container as a tainted resource and
                // replaces it on the next run; the harness keeps no partial state, so it
                // removes the container rather than leave its name taken.
                await engine.call("DELETE", `/containers/${id}?force=true&v=true`);
                throw err;
            }
        }

        return id;
    });
}

async function start(engine: DockerEngine, id: string, inputs: PropertyMap): Promise<void> {
    const started = await engine.call("POST", `/containers/${id}/start`);
    if (started.status !== 204 && started.status !== 304) {
        throw new Error(`Unable to start container: ${engineMessage(started)}`);
    }

    await checkRunning(engine, id, inputs);
}

/** Applies the in-place changes (restart policy, resources) to an existing container. */
export async function updateContainer(
    provider: DockerProviderSettings,
    id: string,
    inputs: PropertyMap,
): Promise<void> {
    await withEngine(provider, async (engine) => {
        const reply = await engine.call(
            "POST",
            `/containers/${id}/update`,
            containerUpdateBody(inputs),
        );
        if (reply.status !== 200) {
            throw new Error(`Unable to update a container: ${engineMessage(reply)}`);
        }
    });
}

/** Stops and removes a container; one that is already gone counts as removed. */
export async function deleteContainer(
    provider: DockerProviderSettings,
    id: string,
    inputs: PropertyMap,
): Promise<void> {
    await withEngine(provider, async (engine) => {
        const grace =
            typeof inputs.destroyGraceSeconds === "number" ? inputs.destroyGraceSeconds : 0;
        const stopped = await engine.call("POST", `/containers/${id}/stop?t=${grace}`);
        if (![204, 304, 404].includes(stopped.status)) {
            throw new Error(`Error stopping container ${id}: ${engineMessage(stopped)}`);
        }

        const volumes = inputs.removeVolumes === false ? "false" : "true";
        const removed = await engine.call("DELETE", `/containers/${id}?force=true&v=${volumes}`);
        if (![204, 404].includes(removed.status) && !/in progress/.test(removed.body)) {
            throw new Error(`Error deleting container ${id}: ${engineMessage(removed)}`);
        }
    });
}

async function withEngine<T>(
    provider: DockerProviderSettings,
    use: (engine: DockerEngine) => Promise<T>,
): Promise<T> {
    const engine = await DockerEngine.open(provider);

    try {
        return await use(engine);
    } finally {
        await engine.close();
    }
}

async function ensureImage(
    engine: DockerEngine,
    provider: DockerProviderSettings,
    image: string,
): Promise<void> {
    const found = await engine.call("GET", `/images/${encodeURIComponent(image)}/json`);
    if (found.status === 200) {
        return;
    }

    const registry = imageRegistry(image);
    const auth = provider.registryAuth.find((a) => hostOf(a.address) === registry);
    const headers: Record<string, string> = {};
    if (auth !== undefined) {
        const credentials = {
            username: auth.username,
            password: auth.password,
            serveraddress: registry,
        };
        headers["X-Registry-Auth"] = Buffer.from(JSON.stringify(credentials)).toString("base64url");
    }

    const reply = await engine.call(
        "POST",
        `/images/create?fromImage=${encodeURIComponent(image)}`,
        undefined,
        headers,
    );
    const failure = reply.status === 200 ? streamError(reply.body) : engineMessage(reply);
    if (failure !== undefined) {
        throw new Error(
            `Unable to create container with image ${image}: unable to pull image ${image}: ${failure}`,
        );
    }
}

async function checkRunning(engine: DockerEngine, id: string, inputs: PropertyMap): Promise<void> {
    if (inputs.mustRun === false) {
        return;
    }

    const reply = await engine.call("GET", `/containers/${id}/json`);
    const state = (JSON.parse(reply.body) as { State?: { Running?: boolean; ExitCode?: number } })
        .State;
    if (state?.Running !== true) {
        throw new Error(
            `Container ${id} failed to be in running state (exit code ${state?.ExitCode ?? "unknown"}); ` +
                "mustRun is true: fix its command or set mustRun: false",
        );
    }
}

/** The first error a pull's JSON progress stream reports. */
function streamError(body: string): string | undefined {
    for (const line of body.split("\n")) {
        if (line.trim() === "") {
            continue;
        }
        const event = JSON.parse(line) as { error?: unknown };
        if (typeof event.error === "string") {
            return event.error;
        }
    }

    return undefined;
}

function hostOf(address: string): string {
    return address.replace(/^[a-z]+:\/\//, "").replace(/\/.*$/, "");
}

function decodeJson(value: unknown): unknown {
    if (typeof value !== "string") {
        return value;
    }

    try {
        return JSON.parse(value) as unknown;
    } catch {
        return value;
    }
}
