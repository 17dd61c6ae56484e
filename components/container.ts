// The container settings of a node, how they are checked, and what the provider is given.
import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";

import { isIrisImage } from "../icm";
import { DOCKER_HUB, parseImageReference, resolveImage } from "../reference";

/** One port a container publishes. */
export interface PortArgs {
    /** Port inside the container. */
    readonly internal: number;
    /** Port on the host. Defaults to `internal`. */
    readonly external?: number;
    /** `tcp` or `udp`. Defaults to `tcp`. */
    readonly protocol?: "tcp" | "udp";
}

/** One folder or named volume mounted into a container. */
export interface VolumeArgs {
    /** Folder on the host. */
    readonly hostPath: string;
    /** Where it appears in the container. */
    readonly containerPath: string;
    /** Mount read-only. Defaults to false. */
    readonly readOnly?: boolean;
}

/** The container a node runs (ICM's `icm run` flags). */
export interface ContainerArgs {
    /** Container name, unique per host (ICM's `-container`). Defaults to the image's last path part. */
    readonly name?: string;
    /** Docker restart policy. Defaults to `unless-stopped`. */
    readonly restart?: "no" | "on-failure" | "always" | "unless-stopped";
    /** Published ports; they need a network mode other than `host` to take effect. */
    readonly ports?: PortArgs[];
    /** Environment variables; values may be secrets. */
    readonly env?: Record<string, pulumi.Input<string>>;
    /** Mounted folders. */
    readonly volumes?: VolumeArgs[];
    /** Command and arguments, replacing the image's default command. */
    readonly command?: string[];
    /** Docker network mode. Defaults to `host`, as ICM ran containers on existing hosts. */
    readonly networkMode?: string;
    /**
     * Run an init process as PID 1 (`docker run --init`). Defaults to ICM's `DockerInit`
     * rule: on for every image except InterSystems IRIS.
     */
    readonly init?: boolean;
    /**
     * Further `docker run` settings the docker provider expresses (ICM's `-options`), e.g.
     * `{ memory: 4096, capabilities: { adds: ["SYS_TIME"] } }`.
     */
    readonly options?: Omit<docker.ContainerArgs, "image" | "name">;
}

const CONTAINER_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

/** What is wrong with a container name Docker would refuse, naming `field`; else undefined. */
export function containerNameFault(name: string, field: string): string | undefined {
    if (CONTAINER_NAME.test(name)) {
        return undefined;
    }

    return (
        `${field} ${JSON.stringify(name)} is not a container name; use letters, digits, ` +
        '"_", "." and "-", starting with a letter or digit.'
    );
}
const ENV_NAME = /^[^=\0]+$/;

/** Refuses container settings Docker would refuse, all at once, before any host work. */
export function checkContainer(
    name: string,
    container: ContainerArgs,
    resource: pulumi.Resource,
): void {
    const field = `NodeDeployment ${name}: container`;
    const problems: string[] = [];

    const nameFault = container.name && containerNameFault(container.name, `${field}.name`);
    if (nameFault) {
        problems.push(nameFault);
    }
    for (const key of Object.keys(container.env ?? {})) {
        if (!ENV_NAME.test(key)) {
            problems.push(
                `${field}.env has the name ${JSON.stringify(key)}, which may not hold "=".`,
            );
        }
    }
    for (const [index, port] of (container.ports ?? []).entries()) {
        for (const [part, value] of [
            ["internal", port.internal],
            ["external", port.external],
        ] as const) {
            if (value !== undefined && !(Number.isInteger(value) && value >= 1 && value <= 65535)) {
                problems.push(
                    `${field}.ports[${index}].${part} is ${value}; use a port from 1 to 65535.`,
                );
            }
        }
    }
    for (const [index, volume] of (container.volumes ?? []).entries()) {
        if (!volume.containerPath.startsWith("/")) {
            problems.push(
                `${field}.volumes[${index}].containerPath ${JSON.stringify(volume.containerPath)} ` +
                    "is not an absolute path; start it with /.",
            );
        }
    }
    if (problems.length > 0) {
        throw new pulumi.ResourceError(problems.join("\n"), resource, true);
    }

    if ((container.networkMode ?? "host") === "host" && (container.ports ?? []).length > 0) {
        void pulumi.log.warn(
            `${field}: ports are not published on the host network, where the container ` +
                'uses the host\'s ports directly; set networkMode (e.g. to "bridge") to publish them.',
            resource,
        );
    }
}

/**
 * The docker provider's Container inputs for `container` running `image`, with the
 * defaults filled in; `dockerInit` is ICM's setting of that name.
 */
export function containerInputs(
    image: pulumi.Output<string>,
    container: ContainerArgs,
    dockerInit: boolean,
): docker.ContainerArgs {
    // Settings named in `container` win; lists add to those in `options`.
    const options = container.options ?? {};
    const init = pulumi
        .all([image, options.init])
        .apply(
            ([ref, fromOptions]) =>
                container.init ?? fromOptions ?? (dockerInit && !isIrisReference(ref)),
        );
    const ports = container.ports?.map((port) => ({
        internal: port.internal,
        external: port.external ?? port.internal,
        protocol: port.protocol ?? "tcp",
    }));
    const volumes = container.volumes?.map((volume) => ({
        hostPath: volume.hostPath,
        containerPath: volume.containerPath,
        readOnly: volume.readOnly ?? false,
    }));

    return {
        ...options,
        image,
        name: container.name ?? image.apply(defaultContainerName),
        restart: container.restart ?? options.restart ?? "unless-stopped",
        networkMode: container.networkMode ?? options.networkMode ?? "host",
        init,
        mustRun: true,
        ports: joined(options.ports, ports),
        envs: joined(options.envs, container.env ? environment(container.env) : undefined),
        volumes: joined(options.volumes, volumes),
        command: container.command ?? options.command,
    };
}

/** Both lists one after the other; undefined when neither is given. */
function joined<T>(
    first: pulumi.Input<pulumi.Input<T>[] | undefined> | undefined,
    second: pulumi.Input<pulumi.Input<T>[] | undefined> | undefined,
): pulumi.Input<pulumi.Input<T>[] | undefined> | undefined {
    if (first === undefined || second === undefined) {
        return first ?? second;
    }

    // The SDK's unwrapping types lose track of T here; the values are the lists given.
    return pulumi
        .all([first, second])
        .apply(([a, b]) => [...(a ?? []), ...(b ?? [])]) as pulumi.Output<T[]>;
}

function environment(env: Record<string, pulumi.Input<string>>): pulumi.Output<string[]> {
    const entries = Object.entries(env).map(([key, value]) =>
        pulumi.output(value).apply((text) => `${key}=${text}`),
    );

    return pulumi.all(entries);
}

/** The repository's last path part: `iris` for `…/intersystems/iris:2024.1`. */
export function defaultContainerName(image: string): string {
    const reference = parseImageReference(image, "image");

    return reference.path.slice(reference.path.lastIndexOf("/") + 1);
}

function isIrisReference(image: string): boolean {
    return isIrisImage(resolveImage(parseImageReference(image, "image"), DOCKER_HUB));
}
