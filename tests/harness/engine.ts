import {
    changedPaths,
    formatPath,
    keepPrevious,
    parsePropertyPath,
    pathsOverlap,
    type Segment,
} from "./propertyPath";
import type { PropertyMap } from "./secrets";
import type { Registration, StateResource } from "./state";

/** What the engine does with a resource the program declared. */
export type StepKind = "same" | "create" | "update" | "replace";

/** The engine's verdict for one registration, with the reasons behind it. */
export interface Decision {
    step: StepKind;
    /** Input paths whose value changed since the last run. */
    changed: string[];
    /** Why the resource is replaced rather than updated; empty otherwise. */
    replaceReasons: string[];
    /** The inputs to use: the declared ones with `ignoreChanges` paths kept at their old value. */
    inputs: PropertyMap;
}

/** Type token of the docker provider's container. */
export const CONTAINER_TYPE = "docker:index/container:Container";

/**
 * Container inputs the docker provider changes in place; every other one forces a new
 * container (the provider's schema marks them ForceNew).
 */
export const CONTAINER_IN_PLACE = new Set([
    "attach",
    "containerReadRefreshTimeoutMilliseconds",
    "cpuPeriod",
    "cpuQuota",
    "cpuSet",
    "cpuShares",
    "destroyGraceSeconds",
    "deviceReadBps",
    "deviceReadIops",
    "deviceWriteBps",
    "deviceWriteIops",
    "healthcheck",
    "init",
    "logs",
    "maxRetryCount",
    "memory",
    "memoryReservation",
    "memorySwap",
    "mustRun",
    "removeVolumes",
    "restart",
    "rm",
    "start",
    "tmpfs",
    "wait",
    "waitTimeout",
]);

/** Provider inputs whose change replaces the provider, and so every resource it manages. */
const PROVIDER_REPLACING_INPUTS: Record<string, string[]> = {
    "pulumi:providers:docker": ["host"],
};

/** Decides create, same, update or replace for `registration` given its previous state. */
export function decide(previous: StateResource | undefined, registration: Registration): Decision {
    if (previous === undefined) {
        return { step: "create", changed: [], replaceReasons: [], inputs: registration.inputs };
    }

    const inputs = withIgnoredChanges(previous.inputs, registration);
    const changes = changedPaths(previous.inputs, inputs);
    const changed = changes.map(formatPath);
    const replaceReasons = registration.custom
        ? replacementReasons(previous, registration, changes)
        : [];

    if (replaceReasons.length > 0) {
        return { step: "replace", changed, replaceReasons, inputs };
    }

    return { step: changed.length > 0 ? "update" : "same", changed, replaceReasons, inputs };
}

/** The URN part of a provider reference `urn::id`. */
export function providerUrn(reference: string): string {
    const cut = reference.lastIndexOf("::");
    return cut < 0 ? reference : reference.slice(0, cut);
}

/** The id part of a provider reference `urn::id`. */
export function providerId(reference: string): string {
    const cut = reference.lastIndexOf("::");
    return cut < 0 ? "" : reference.slice(cut + 2);
}

/**
 * The order to delete `resources` in: dependents before what they depend on, children
 * before parents, resources before their provider; otherwise the newest first.
 */
export function deletionOrder<T extends Registration>(resources: readonly T[]): T[] {
    const remaining = [...resources].reverse();
    const ordered: T[] = [];

    const needs = (dependent: Registration, dependency: Registration): boolean =>
        dependent !== dependency &&
        (dependent.dependencies.includes(dependency.urn) ||
            dependent.parent === dependency.urn ||
            (dependent.provider !== "" && providerUrn(dependent.provider) === dependency.urn));

    while (remaining.length > 0) {
        const free = remaining.findIndex((r) => !remaining.some((other) => needs(other, r)));
        const [next] = remaining.splice(free < 0 ? 0 : free, 1);
        ordered.push(next);
    }

    return ordered;
}

function withIgnoredChanges(previous: PropertyMap, registration: Registration): PropertyMap {
    let inputs: unknown = registration.inputs;

    for (const path of registration.options.ignoreChanges) {
        inputs = keepPrevious(previous, inputs, parsePropertyPath(path));
    }

    return inputs as PropertyMap;
}

function replacementReasons(
    previous: StateResource,
    registration: Registration,
    changes: Segment[][],
): string[] {
    const reasons: string[] = [];

    if (previous.provider !== registration.provider) {
        reasons.push(`provider changed from ${previous.provider} to ${registration.provider}`);
    }

    for (const pattern of registration.options.replaceOnChanges) {
        const parsed = parsePropertyPath(pattern);
        for (const change of changes.filter((c) => pathsOverlap(parsed, c))) {
            reasons.push(`${formatPath(change)} changed and replaceOnChanges names ${pattern}`);
        }
    }

    for (const change of changes) {
        const root = String(change[0]);
        if (registration.type === CONTAINER_TYPE && !CONTAINER_IN_PLACE.has(root)) {
            reasons.push(
                `${formatPath(change)} changed and the provider cannot change it in place`,
            );
        }
        if (PROVIDER_REPLACING_INPUTS[registration.type]?.includes(root)) {
            reasons.push(`${formatPath(change)} changed, which replaces the provider`);
        }
    }

    return [...new Set(reasons)];
}
