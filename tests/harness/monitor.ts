import * as pulumi from "@pulumi/pulumi";
import type {
    ReadResourceRequest,
    RegisterResourceOutputsRequest,
    RegisterResourceRequest,
} from "@pulumi/pulumi/proto/resource_pb";
import { MockMonitor } from "@pulumi/pulumi/runtime/mocks";
import { setMockOptions } from "@pulumi/pulumi/runtime/settings";

import type { PropertyMap } from "./secrets";
import type { PlanOptions, Registration } from "./state";

/** A registration (or a read, for `Resource.get`) as the monitor saw it, without the inputs. */
export type Announced = Omit<Registration, "inputs"> & { read: boolean };

/** Callbacks of {@link installMonitor}. */
export interface MonitorHooks {
    /** Resolves one registration or read. */
    newResource(
        args: pulumi.runtime.MockResourceArgs,
        announced: Announced,
    ): Promise<pulumi.runtime.MockResourceResult>;
    registerOutputs(urn: string, outputs: PropertyMap): void;
    call(args: pulumi.runtime.MockCallArgs): pulumi.runtime.MockCallResult;
}

type Callback = (err: unknown, response: unknown) => void;

const ROOT_STACK_TYPE = "pulumi:pulumi:Stack";

const NO_OPTIONS: PlanOptions = {
    deleteBeforeReplace: false,
    replaceOnChanges: [],
    ignoreChanges: [],
    additionalSecretOutputs: [],
    protect: false,
    retainOnDelete: false,
};

/**
 * The SDK's mock monitor, extended to see what the mocks API hides: resource options
 * (`deleteBeforeReplace`, `replaceOnChanges`, …), dependencies and component outputs.
 * Options reach only the monitor's register request, so the request is read here and
 * handed to `newResource`, which the base class calls before its first `await`.
 */
class RecordingMonitor extends MockMonitor {
    private readonly slot: { announced?: Announced };

    constructor(
        private readonly hooks: MonitorHooks,
        private readonly project: string,
        private readonly stack: string,
    ) {
        const slot: { announced?: Announced } = {};
        super({
            newResource: (args) => {
                const announced = slot.announced;
                slot.announced = undefined;
                if (announced === undefined) {
                    throw new Error(`${args.type} ${args.name} reached the mocks unannounced`);
                }
                return hooks.newResource(args, announced);
            },
            call: (args) => hooks.call(args),
        });
        this.slot = slot;

        // The engine leaves the root stack's type out of its children's URNs; the mock keeps it.
        Object.defineProperty(this, "newUrn", {
            value: (parent: string, type: string, name: string) => this.urn(parent, type, name),
        });
    }

    override registerResource(req: RegisterResourceRequest, callback: Callback): Promise<void> {
        this.slot.announced = this.announce(req);
        return super.registerResource(req, callback);
    }

    override readResource(req: ReadResourceRequest, callback: Callback): Promise<void> {
        this.slot.announced = {
            urn: this.urn(req.getParent(), req.getType(), req.getName()),
            type: req.getType(),
            name: req.getName(),
            custom: true,
            parent: req.getParent(),
            provider: req.getProvider(),
            dependencies: req.getDependenciesList(),
            options: {
                ...NO_OPTIONS,
                additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
            },
            read: true,
        };
        return super.readResource(req, callback);
    }

    override registerResourceOutputs(
        req: RegisterResourceOutputsRequest,
        callback: Callback,
    ): void {
        const outputs = req.getOutputs()?.toJavaScript() ?? {};
        this.hooks.registerOutputs(req.getUrn(), outputs);
        super.registerResourceOutputs(req, callback);
    }

    private announce(req: RegisterResourceRequest): Announced {
        const options: PlanOptions = {
            deleteBeforeReplace: req.getDeletebeforereplace(),
            replaceOnChanges: req.getReplaceonchangesList(),
            ignoreChanges: req.getIgnorechangesList(),
            additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
            protect: req.getProtect() ?? false,
            retainOnDelete: req.getRetainondelete() ?? false,
        };

        return {
            urn: this.urn(req.getParent(), req.getType(), req.getName()),
            type: req.getType(),
            name: req.getName(),
            custom: req.getCustom(),
            parent: req.getParent(),
            provider: req.getProvider(),
            dependencies: req.getDependenciesList(),
            options,
            read: false,
        };
    }

    private urn(parent: string, type: string, name: string): string {
        const parentType = parent === "" ? "" : (parent.split("::")[2] ?? "");
        const qualified =
            parentType === "" || parentType === ROOT_STACK_TYPE ? type : `${parentType}$${type}`;
        return `urn:pulumi:${this.stack}::${this.project}::${qualified}::${name}`;
    }
}

/** Points the Pulumi runtime of this process at a recording mock monitor. */
export async function installMonitor(
    hooks: MonitorHooks,
    project: string,
    stack: string,
    preview: boolean,
): Promise<void> {
    const unused: pulumi.runtime.Mocks = {
        newResource: () => Promise.reject(new Error("the recording monitor is not installed")),
        call: () => ({}),
    };

    // setMocks switches on the runtime features; the monitor is then replaced by ours.
    await pulumi.runtime.setMocks(unused, project, stack, preview);
    setMockOptions(new RecordingMonitor(hooks, project, stack), project, stack, preview);
}
