import { decide, deletionOrder, providerId, providerUrn, type Decision } from "./engine";
import type { Effects } from "./execute";
import type { LogEntry, ResourceResult, StepOp, StepRecord } from "./results";
import { isSecret, revealMap, secret, secretPaths, type PropertyMap } from "./secrets";
import type { Registration, StackState, StateResource } from "./state";

/** What the mock monitor hands back to the SDK for one resource. */
export interface Registered {
    id: string | undefined;
    state: PropertyMap;
}

/** Settings of a run that the deployment needs. */
export interface DeploymentSettings {
    preview: boolean;
    /** Stack configuration, for providers configured there (`docker:host`, `docker:sshOpts`). */
    config: Record<string, string>;
    log(entry: LogEntry): void;
}

/**
 * One `pulumi up` (or destroy) against the previous state: decides a step for every
 * resource the program registers, performs it through `effects` (unless previewing),
 * and after the program deletes what it no longer declares.
 */
export class Deployment {
    /** Steps in the order they ran. */
    readonly steps: StepRecord[] = [];
    /** Resources the program declared, in the order their registration finished. */
    readonly resources: ResourceResult[] = [];
    /** Failures of steps, each with its resource. */
    readonly errors: { type: string; name: string; message: string }[] = [];

    private readonly previous = new Map<string, StateResource>();
    private readonly pending: StateResource[];
    private readonly next: StateResource[] = [];
    private readonly replaced: StateResource[] = [];
    private readonly registered = new Set<string>();
    private readonly inflight = new Set<Promise<unknown>>();
    private leftovers: StateResource[] = [];
    private stackOutputs: PropertyMap;

    constructor(
        state: StackState,
        private readonly effects: Effects,
        private readonly settings: DeploymentSettings,
    ) {
        for (const resource of state.resources.filter((r) => !r.pendingDelete)) {
            this.previous.set(resource.urn, resource);
        }
        this.pending = state.resources.filter((r) => r.pendingDelete);
        this.stackOutputs = state.stackOutputs;
    }

    /** Deletes what an earlier run replaced but failed to delete; false when that fails. */
    async deletePendingFromLastRun(): Promise<boolean> {
        const failed = await this.deleteAll(deletionOrder(this.pending), "delete-replaced");
        const kept = this.settings.preview ? [] : failed;

        this.pending.splice(0, this.pending.length, ...kept);
        return kept.length === 0;
    }

    /** Handles one registration; resolves with what the program sees, rejects when the step fails. */
    register(registration: Registration): Promise<Registered> {
        const work = this.apply(registration);
        this.inflight.add(work);
        void work.finally(() => this.inflight.delete(work)).catch(() => undefined);
        return work;
    }

    /** Records a read (`Resource.get`): the harness hands back the state the program passed. */
    read(announced: Omit<Registration, "inputs">, id: string, state: PropertyMap): Registered {
        const { urn, type, name } = announced;

        this.steps.push({ op: "read", urn, type, name });
        this.resources.push({
            urn,
            type,
            name,
            id,
            inputs: state,
            plain: revealMap(state),
            secretPaths: secretPaths(state),
            outputs: state,
            step: "read",
        });
        return { id, state };
    }

    /** Records outputs a component registered; the stack's become the stack outputs. */
    registerOutputs(urn: string, outputs: PropertyMap): void {
        const entry = this.next.find((r) => r.urn === urn);
        if (entry !== undefined) {
            entry.outputs = outputs;
            if (entry.type === "pulumi:pulumi:Stack") {
                this.stackOutputs = outputs;
            }
        }
    }

    /** Plain inputs of the provider `reference` points to; the stack config for the default one. */
    providerInputs(reference: string): PropertyMap | undefined {
        if (reference === "") {
            return {
                host: this.settings.config["docker:host"],
                sshOpts: this.settings.config["docker:sshOpts"],
            };
        }

        const urn = providerUrn(reference);
        const id = providerId(reference);
        const all = [...this.next, ...this.previous.values(), ...this.replaced, ...this.pending];
        const found = all.find((r) => r.urn === urn && r.id === id);
        return found && revealMap(found.inputs);
    }

    /** Waits until no registration is being handled. */
    async settle(): Promise<void> {
        while (this.inflight.size > 0) {
            await Promise.allSettled([...this.inflight]);
        }
    }

    /** Ends the run: deletes what the program no longer declares and what was replaced. */
    async finish(programSucceeded: boolean): Promise<void> {
        await this.settle();

        const unregistered = [...this.previous.values()].filter((r) => !this.registered.has(r.urn));
        if (!programSucceeded) {
            this.leftovers = [...unregistered, ...this.replaced, ...this.pending];
            return;
        }

        const doomed = deletionOrder([...this.pending, ...unregistered, ...this.replaced]);
        const failed = await this.deleteAll(doomed, (r) =>
            unregistered.includes(r) ? "delete" : "delete-replaced",
        );
        this.leftovers = failed.map((r) =>
            unregistered.includes(r) ? r : { ...r, pendingDelete: true },
        );
    }

    /** Deletes every resource of the stack, dependents first. */
    async destroy(): Promise<void> {
        const all = [...this.previous.values(), ...this.pending];
        this.leftovers = await this.deleteAll(deletionOrder(all), "delete");
    }

    /** The state to save after the run. */
    state(): StackState {
        return {
            version: 1,
            resources: [...this.next, ...this.leftovers],
            stackOutputs: this.stackOutputs,
        };
    }

    /** The stack outputs as last registered. */
    outputs(): PropertyMap {
        return this.stackOutputs;
    }

    private async apply(registration: Registration): Promise<Registered> {
        if (this.registered.has(registration.urn)) {
            throw this.fail(
                registration,
                new Error(`Duplicate resource URN '${registration.urn}'; give it a unique name`),
            );
        }

        this.registered.add(registration.urn);
        const previous = this.previous.get(registration.urn);
        const inputs = this.effects.check(registration, previous);
        const decision = decide(previous, { ...registration, inputs });
        const declared = { ...registration, inputs: decision.inputs };
        let previousGone = false;

        try {
            const { id, outputs } = await this.perform(declared, previous, decision, () => {
                previousGone = true;
            });
            const entry: StateResource = {
                ...declared,
                id,
                outputs: withSecretOutputs(declared, outputs),
            };
            this.next.push(entry);
            this.report(registration, entry, decision);
            return { id: id === "" ? undefined : id, state: entry.outputs };
        } catch (err) {
            // Known gap: a provider that fails halfway reports partial state, which the
            // engine keeps; the harness keeps only what existed before the step.
            if (previous !== undefined && !previousGone) {
                this.next.push(previous);
            }
            throw this.fail(registration, err);
        }
    }

    private async perform(
        declared: Registration,
        previous: StateResource | undefined,
        decision: Decision,
        onPreviousDeleted: () => void,
    ): Promise<{ id: string; outputs: PropertyMap }> {
        const { preview } = this.settings;
        const detail = { changed: decision.changed, reasons: decision.replaceReasons };

        if (previous === undefined || decision.step === "create") {
            this.record("create", declared);
            return preview ? { id: "", outputs: declared.inputs } : this.effects.create(declared);
        }

        if (decision.step === "same") {
            this.record("same", declared);
            return { id: previous.id, outputs: previous.outputs };
        }

        if (decision.step === "update") {
            this.record("update", declared, detail);
            const outputs = preview
                ? { ...previous.outputs, ...declared.inputs }
                : await this.effects.update(previous, declared, decision.changed);
            return { id: previous.id, outputs };
        }

        // Known gap: the engine would first delete the dependents that this replacement
        // forces to be replaced too; here only the resource itself goes first.
        if (declared.options.deleteBeforeReplace) {
            this.record("delete-replaced", previous, detail);
            if (!preview) {
                await this.effects.delete(previous);
                onPreviousDeleted();
            }
            this.record("create-replacement", declared, detail);
            return preview ? { id: "", outputs: declared.inputs } : this.effects.create(declared);
        }

        this.record("create-replacement", declared, detail);
        const created = preview
            ? { id: "", outputs: declared.inputs }
            : await this.effects.create(declared);
        this.replaced.push({ ...previous, pendingDelete: true });
        return created;
    }

    private async deleteAll(
        doomed: StateResource[],
        op: StepOp | ((resource: StateResource) => StepOp),
    ): Promise<StateResource[]> {
        for (const [i, resource] of doomed.entries()) {
            this.record(typeof op === "function" ? op(resource) : op, resource);
            if (this.settings.preview) {
                continue;
            }

            try {
                if (resource.options.protect) {
                    throw new Error(
                        "the resource is protected and cannot be deleted: remove protect: true " +
                            "from its options and run up first",
                    );
                }
                if (!resource.options.retainOnDelete) {
                    await this.effects.delete(resource);
                }
            } catch (err) {
                this.fail(resource, err);
                return doomed.slice(i);
            }
        }

        return this.settings.preview ? doomed : [];
    }

    private record(
        op: StepOp,
        resource: Registration,
        detail: Omit<StepRecord, "op" | "urn" | "type" | "name"> = {},
    ): void {
        const { urn, type, name } = resource;
        const extra =
            op === "update" || op.endsWith("-replacement") || op === "delete-replaced"
                ? detail
                : {};
        this.steps.push({ op, urn, type, name, ...extra });
    }

    private report(registration: Registration, entry: StateResource, decision: Decision): void {
        this.resources.push({
            urn: entry.urn,
            type: entry.type,
            name: entry.name,
            id: entry.id,
            inputs: registration.inputs,
            plain: revealMap(registration.inputs),
            secretPaths: secretPaths(registration.inputs),
            outputs: entry.outputs,
            step: decision.step,
        });
    }

    private fail(resource: Registration, err: unknown): Error {
        const message = err instanceof Error ? err.message : String(err);
        const last = [...this.steps].reverse().find((s) => s.urn === resource.urn);
        if (last !== undefined) {
            last.error = message;
        }

        this.errors.push({ type: resource.type, name: resource.name, message });
        this.settings.log({ severity: "error", message, urn: resource.urn, source: "engine" });
        return new Error(message);
    }
}

/** Marks outputs named by `additionalSecretOutputs` secret, as the engine does. */
function withSecretOutputs(resource: Registration, outputs: PropertyMap): PropertyMap {
    const marked = { ...outputs };

    for (const name of resource.options.additionalSecretOutputs) {
        if (marked[name] !== undefined && !isSecret(marked[name])) {
            marked[name] = secret(marked[name]);
        }
    }

    return marked;
}
