import * as fs from "node:fs";

import * as command from "@pulumi/command";
import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";

import {
    checkHost,
    checkPort,
    checkUser,
    dockerHostUrl,
    dockerSshOptions,
    loginInput,
    loginScript,
    logoutScript,
    pullScript,
} from "../host";
import { isIrisImage } from "../icm";
import { DOCKER_HUB, parseImageReference, resolveImage } from "../reference";
import { RegistryCredentials } from "./registryCredentials";

/** How Pulumi reaches a node over SSH. */
export interface SshConnectionArgs {
    /** Host name or IP address (ICM's `IPAddress` or `DNSName`). */
    readonly host: string;
    /** SSH port. Defaults to 22. */
    readonly port?: number;
    /** Login user on the host (ICM's `SSHUser`); it must be allowed to run `docker`. */
    readonly user: string;
    /** Path of the private key file on the machine running Pulumi (ICM's `SSHPrivateKey`). */
    readonly privateKeyPath: string;
    /**
     * The host's public key, e.g. `ssh-ed25519 AAAA…`, to pin it. Defaults to trusting the
     * first key seen.
     */
    readonly hostKey?: string;
}

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

/** The inputs of a {@link NodeDeployment}. */
export interface NodeDeploymentArgs {
    /** SSH access to the node. Defaults to the machine running Pulumi and its own Docker. */
    readonly connection?: SshConnectionArgs;
    /** The registry the image lives on and the credentials hosts log in with. */
    readonly credentials: RegistryCredentials;
    /** Image to pull and run, e.g. `registry.example.com/app/web@sha256:…` (ICM's `DockerImage`). */
    readonly image: pulumi.Input<string>;
    /** The container to run. */
    readonly container?: ContainerArgs;
    /** ICM's `DockerInit`: whether non-IRIS containers get `--init`. Defaults to true. */
    readonly dockerInit?: boolean;
}

/**
 * One node: logs its host into the registry, pulls the image there and runs the container.
 * Destroying it removes the container and logs the host out.
 */
export class NodeDeployment extends pulumi.ComponentResource {
    /** The host the container runs on (`localhost` for the machine running Pulumi). */
    public readonly host: pulumi.Output<string>;
    /** The container's name. */
    public readonly containerName: pulumi.Output<string>;
    /** The container's ID on its host. */
    public readonly containerId: pulumi.Output<string>;
    /** The image reference the container runs. */
    public readonly image: pulumi.Output<string>;

    constructor(name: string, args: NodeDeploymentArgs, opts?: pulumi.ComponentResourceOptions) {
        super("icm:index:NodeDeployment", name, {}, opts);

        const target = checkConnection(name, args.connection, this);
        checkContainer(name, args.container ?? {}, this);
        const hostLabel = target ? `${target.user}@${target.host}:${target.port}` : "localhost";
        const image = pulumi.output(args.image);

        // The login waits for the image, so that a failed image check stops before any host work.
        const login = args.credentials.loginRequired
            ? declareLogin(name, target, hostLabel, args.credentials, image, this)
            : undefined;
        const pull = declareCommand(
            `${name}-pull`,
            target,
            { create: image.apply(pullScript) },
            { parent: this, dependsOn: login ? [login] : [] },
        );

        const provider = new docker.Provider(
            `${name}-docker`,
            target ? { host: dockerHostUrl(target), sshOpts: dockerSshOptions(target) } : {},
            { parent: this },
        );
        const container = new docker.Container(
            `${name}-container`,
            containerInputs(image, args),
            // Two containers cannot share a name on one host: the old one goes first.
            { parent: this, provider, dependsOn: [pull], deleteBeforeReplace: true },
        );

        this.host = pulumi.output(target?.host ?? "localhost");
        this.containerName = container.name;
        this.containerId = container.id;
        this.image = container.image;

        this.registerOutputs({
            host: this.host,
            containerName: this.containerName,
            containerId: this.containerId,
            image: this.image,
        });
    }
}

const CONTAINER_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;
const ENV_NAME = /^[^=\0]+$/;

/** Refuses container settings Docker would refuse, all at once, before any host work. */
function checkContainer(name: string, container: ContainerArgs, resource: pulumi.Resource): void {
    const field = `NodeDeployment ${name}: container`;
    const problems: string[] = [];

    if (container.name !== undefined && !CONTAINER_NAME.test(container.name)) {
        problems.push(
            `${field}.name ${JSON.stringify(container.name)} is not a container name; use ` +
                'letters, digits, "_", "." and "-", starting with a letter or digit.',
        );
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

/** A validated SSH target together with the private key's contents. */
interface Target {
    readonly host: string;
    readonly port: number;
    readonly user: string;
    readonly privateKeyPath: string;
    readonly privateKey: string;
    readonly hostKey?: string;
}

const HOST_KEY =
    /^(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp(256|384|521)|sk-\S+) [A-Za-z0-9+/]+={0,2}$/;

function checkConnection(
    name: string,
    connection: SshConnectionArgs | undefined,
    resource: pulumi.Resource,
): Target | undefined {
    if (connection === undefined) {
        return undefined;
    }

    const field = `NodeDeployment ${name}: connection`;
    try {
        const hostKey = connection.hostKey?.trim();
        if (hostKey !== undefined && !HOST_KEY.test(hostKey)) {
            throw new Error(
                `${field}.hostKey is not an SSH public key; give the key type and base64 ` +
                    'text as in known_hosts, e.g. "ssh-ed25519 AAAAC3Nza…".',
            );
        }

        return {
            host: checkHost(connection.host, `${field}.host`),
            port: checkPort(connection.port ?? 22, `${field}.port`),
            user: checkUser(connection.user, `${field}.user`),
            privateKeyPath: connection.privateKeyPath,
            privateKey: readPrivateKey(connection.privateKeyPath, `${field}.privateKeyPath`),
            hostKey,
        };
    } catch (err) {
        throw new pulumi.ResourceError((err as Error).message, resource, true);
    }
}

function readPrivateKey(path: string, field: string): string {
    try {
        return fs.readFileSync(path, "utf8");
    } catch (err) {
        const reason = (err as NodeJS.ErrnoException).code ?? "unreadable";
        throw new Error(
            `${field}: cannot read the private key file ${JSON.stringify(path)} (${reason}). ` +
                "Give the path of the SSH private key for the node (ICM's SSHPrivateKey).",
            { cause: err },
        );
    }
}

function declareLogin(
    name: string,
    target: Target | undefined,
    hostLabel: string,
    credentials: RegistryCredentials,
    image: pulumi.Output<string>,
    parent: pulumi.Resource,
): pulumi.Resource {
    const script = pulumi
        .all([credentials.loginServer, image])
        .apply(([server]) => loginScript(server, `${name} (${hostLabel})`));
    const stdin = pulumi.secret(
        pulumi
            .all([credentials.username, credentials.password])
            .apply(([username, password]) => loginInput(username ?? "", password ?? "")),
    );

    // A new user name or password updates the login in place, so the host is never logged
    // out during a rotation; another server replaces it, logging in there before logging
    // out of the old one.
    return declareCommand(
        `${name}-login`,
        target,
        {
            create: script,
            update: script,
            delete: credentials.loginServer.apply(logoutScript),
            stdin,
            triggers: [credentials.loginServer],
        },
        { parent },
    );
}

interface Scripts {
    readonly create: pulumi.Input<string>;
    readonly update?: pulumi.Input<string>;
    readonly delete?: pulumi.Input<string>;
    readonly stdin?: pulumi.Input<string>;
    readonly triggers?: pulumi.Input<unknown>[];
}

function declareCommand(
    name: string,
    target: Target | undefined,
    scripts: Scripts,
    opts: pulumi.CustomResourceOptions,
): pulumi.Resource {
    // Earlier output in the environment is of no use to these scripts.
    const common = { ...scripts, addPreviousOutputInEnv: false };

    if (target === undefined) {
        return new command.local.Command(name, common, opts);
    }

    return new command.remote.Command(
        name,
        {
            ...common,
            connection: {
                host: target.host,
                port: target.port,
                user: target.user,
                privateKey: pulumi.secret(target.privateKey),
                hostKey: target.hostKey,
            },
        },
        opts,
    );
}

function containerInputs(
    image: pulumi.Output<string>,
    args: NodeDeploymentArgs,
): docker.ContainerArgs {
    const container = args.container ?? {};
    const init = image.apply(
        (ref) => container.init ?? (args.dockerInit !== false && !isIrisReference(ref)),
    );

    return {
        ...container.options,
        image,
        name: container.name ?? image.apply(defaultContainerName),
        restart: container.restart ?? "unless-stopped",
        networkMode: container.networkMode ?? "host",
        init,
        mustRun: true,
        ports: container.ports?.map((port) => ({
            internal: port.internal,
            external: port.external ?? port.internal,
            protocol: port.protocol ?? "tcp",
        })),
        envs: container.env ? environment(container.env) : undefined,
        volumes: container.volumes?.map((volume) => ({
            hostPath: volume.hostPath,
            containerPath: volume.containerPath,
            readOnly: volume.readOnly ?? false,
        })),
        command: container.command,
    };
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
