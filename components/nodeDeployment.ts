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
    readPrivateKey,
} from "../host";
import { checkContainer, ContainerArgs, containerInputs } from "./container";
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
            containerInputs(image, args.container ?? {}, args.dockerInit !== false),
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
