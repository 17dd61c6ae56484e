import { randomBytes, randomUUID } from "node:crypto";

import { runLocal, runRemote, type CommandLog, type CommandOutputs } from "./commands";
import {
    createContainer,
    deleteContainer,
    dockerProviderSettings,
    updateContainer,
    type DockerProviderSettings,
} from "./containers";
import { CONTAINER_TYPE } from "./engine";
import type { LogEntry } from "./results";
import { revealMap, type PropertyMap } from "./secrets";
import type { Registration, StateResource } from "./state";

/** What effects need from the running deployment. */
export interface EffectContext {
    log(entry: Omit<LogEntry, "source">, source: LogEntry["source"]): void;
    /** Plain inputs of the provider a reference (`urn::id`, empty for the default one) points to. */
    providerInputs(reference: string): PropertyMap | undefined;
    /** known_hosts file for remote Commands without `connection.hostKey`. */
    knownHostsFile?: string;
}

/** A resource as created: its id and the outputs to hand back (secrets still wrapped). */
export interface Created {
    id: string;
    outputs: PropertyMap;
}

/** The provider operations the harness performs for real. */
export interface Effects {
    /** Fills in what a provider's Check would (auto-names), keeping earlier choices. */
    check(registration: Registration, previous: StateResource | undefined): PropertyMap;
    create(registration: Registration): Promise<Created>;
    update(previous: StateResource, next: Registration, changed: string[]): Promise<PropertyMap>;
    delete(previous: StateResource): Promise<void>;
}

const REMOTE_COMMAND = "command:remote:Command";
const LOCAL_COMMAND = "command:local:Command";

/** Effects that run commands and manage containers on the real hosts. */
export function realEffects(context: EffectContext): Effects {
    return {
        check: (registration, previous) => checkInputs(registration, previous),
        create: (registration) => create(context, registration),
        update: (previous, next, changed) => update(context, previous, next, changed),
        delete: (previous) => remove(context, previous),
    };
}

function checkInputs(registration: Registration, previous: StateResource | undefined): PropertyMap {
    const inputs = registration.inputs;
    if (registration.type !== CONTAINER_TYPE || inputs.name !== undefined) {
        return inputs;
    }

    // Pulumi auto-names a container that has no name, and keeps that name across runs.
    const earlier = previous?.inputs.name;
    const name =
        typeof earlier === "string"
            ? earlier
            : `${registration.name}-${randomBytes(4).toString("hex").slice(0, 7)}`;
    return { ...inputs, name };
}

async function create(context: EffectContext, registration: Registration): Promise<Created> {
    const { type, inputs } = registration;

    if (type === REMOTE_COMMAND || type === LOCAL_COMMAND) {
        const id = `${registration.name}${randomBytes(4).toString("hex")}`;
        const script = revealMap(inputs).create;
        const outputs =
            typeof script === "string"
                ? await runCommand(context, registration, script, undefined)
                : { stdout: "", stderr: "" };
        return { id, outputs: { ...inputs, ...outputs } };
    }

    if (type === CONTAINER_TYPE) {
        const id = await createContainer(providerOf(context, registration), revealMap(inputs));
        return { id, outputs: { ...inputs } };
    }

    if (type.startsWith("pulumi:providers:")) {
        return { id: randomUUID(), outputs: { ...inputs } };
    }

    return { id: registration.custom ? `${registration.name}-id` : "", outputs: { ...inputs } };
}

async function update(
    context: EffectContext,
    previous: StateResource,
    next: Registration,
    changed: string[],
): Promise<PropertyMap> {
    const { type, inputs } = next;

    if (type === REMOTE_COMMAND || type === LOCAL_COMMAND) {
        const plain = revealMap(inputs);
        const script = typeof plain.update === "string" ? plain.update : plain.create;
        const before = previousOutputs(previous);
        const outputs =
            typeof script === "string" ? await runCommand(context, next, script, before) : before;
        return { ...inputs, ...outputs };
    }

    if (
        type === CONTAINER_TYPE &&
        changed.some((path) => RESOURCE_UPDATES.has(path.split(/[.[]/)[0]))
    ) {
        await updateContainer(providerOf(context, next), previous.id, revealMap(inputs));
    }

    return { ...inputs };
}

/** Container inputs the provider sends to the engine on update; the rest change state only. */
const RESOURCE_UPDATES = new Set([
    "restart",
    "maxRetryCount",
    "cpuShares",
    "memory",
    "memoryReservation",
    "cpuSet",
    "memorySwap",
    "deviceReadBps",
    "deviceReadIops",
    "deviceWriteBps",
    "deviceWriteIops",
]);

async function remove(context: EffectContext, previous: StateResource): Promise<void> {
    const { type, inputs } = previous;

    if (type === REMOTE_COMMAND || type === LOCAL_COMMAND) {
        const script = revealMap(inputs).delete;
        if (typeof script === "string") {
            await runCommand(context, previous, script, previousOutputs(previous));
        }
    } else if (type === CONTAINER_TYPE) {
        await deleteContainer(providerOf(context, previous), previous.id, revealMap(inputs));
    }
}

async function runCommand(
    context: EffectContext,
    resource: Registration,
    script: string,
    previous: CommandOutputs | undefined,
): Promise<CommandOutputs> {
    const log: CommandLog = (severity, message, ephemeral) =>
        context.log({ severity, message, urn: resource.urn, ephemeral }, "provider");
    const run = { inputs: resource.inputs, script, previous, log };

    return resource.type === REMOTE_COMMAND
        ? runRemote(run, context.knownHostsFile)
        : runLocal(run);
}

function previousOutputs(previous: StateResource): CommandOutputs {
    const outputs = revealMap(previous.outputs);
    return {
        stdout: typeof outputs.stdout === "string" ? outputs.stdout : "",
        stderr: typeof outputs.stderr === "string" ? outputs.stderr : "",
    };
}

function providerOf(context: EffectContext, resource: Registration): DockerProviderSettings {
    return dockerProviderSettings(context.providerInputs(resource.provider));
}
