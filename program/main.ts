import * as pulumi from "@pulumi/pulumi";

import { ClusterNodeArgs, ContainerArgs, IcmCluster } from "../components";
import { containerNameFault } from "../components/container";
import * as fs from "node:fs";

import { findHostKey, InvalidHostError, readPrivateKey } from "../host";
import {
    IcmConfigError,
    isIrisImage,
    NodeSettings,
    parseRunOptions,
    readIcmFiles,
    RegistrySettings,
    resolveSettings,
    ResolvedSettings,
} from "../icm";
import {
    formatImage,
    InvalidReferenceError,
    InvalidRegistryError,
    ResolvedImage,
} from "../reference";
import { readStackConfig, StackConfig } from "./stackConfig";

/** What a stack with no settings at all deploys: a public image, onto the local Docker. */
export const QUICK_START_IMAGE =
    "containers.intersystems.com/intersystems/iris-community:latest-em";

/**
 * The program behind `pulumi up`: reads the `icm:` stack config and the ICM files it
 * names, then deploys one container per node of definitions.json, or onto the machine
 * running Pulumi when there are no definitions. Returns the stack outputs.
 */
export async function main(): Promise<Record<string, unknown>> {
    const stack = readStackConfig();
    const settings = await resolve(stack);

    if (stack.dockerPassword !== undefined && !stack.passwordIsSecret) {
        void pulumi.log.warn(
            "icm:dockerPassword is stored in plain text in the stack configuration; store it " +
                "encrypted with `pulumi config set --secret icm:dockerPassword`, which prompts " +
                "with masked input.",
        );
    }
    for (const warning of settings.warnings) {
        void pulumi.log.warn(warning);
    }

    const registry = sharedRegistry(settings);
    const container = containerSettings(stack);
    const cluster = new IcmCluster("icm", {
        registry: registry.server.value,
        username: registry.username?.value,
        password: registry.password ? pulumi.secret(registry.password.value) : undefined,
        nodes: clusterNodes(settings, stack, container),
        verifyImages: stack.verifyImages,
        imageCheck: { caFile: stack.registryCaFile, insecure: stack.insecureRegistry },
    });

    return {
        registry: cluster.credentials.server,
        anonymous: cluster.credentials.anonymous,
        nodes: cluster.nodes,
        images: cluster.images,
    };
}

/** Reads the ICM files and applies the precedence rules; input errors end the run plainly. */
async function resolve(stack: StackConfig): Promise<ResolvedSettings> {
    try {
        const files = await readIcmFiles({
            defaultsFile: stack.defaultsFile,
            definitionsFile: stack.definitionsFile,
        });
        const configured =
            files.defaults !== undefined ||
            files.definitions !== undefined ||
            [stack.image, stack.dockerImage, stack.dockerRegistry, stack.dockerUsername].some(
                (value) => value !== undefined,
            );
        if (!configured) {
            void pulumi.log.info(
                `No registry settings: deploying ${QUICK_START_IMAGE} onto this machine. Set ` +
                    "icm:dockerImage, or icm:defaultsFile and icm:definitionsFile, to deploy your own.",
            );
        }
        const values = {
            image: stack.image,
            dockerImage: stack.dockerImage ?? (configured ? undefined : QUICK_START_IMAGE),
            dockerRegistry: stack.dockerRegistry,
            dockerUsername: stack.dockerUsername,
            dockerPassword: stack.dockerPassword,
        };

        return resolveSettings({ stack: values, ...files });
    } catch (err) {
        throw asRunError(err);
    }
}

/**
 * The one registry every node uses. Nodes whose entries name other registries or other
 * credentials are refused: one stack logs its hosts in to one registry.
 */
function sharedRegistry(settings: ResolvedSettings): RegistrySettings {
    const first = settings.nodes[0]?.registry ?? settings.registry;
    const key = (registry: RegistrySettings) =>
        JSON.stringify([registry.server.value, registry.username?.value, registry.password?.value]);

    const other = settings.nodes.find((node) => key(node.registry) !== key(first));
    if (other !== undefined) {
        throw new pulumi.RunError(
            `${other.registry.server.field}: node ${other.name} uses other registry settings than ` +
                `${settings.nodes[0].name} (${first.server.field}). Every node of a stack logs ` +
                "in to one registry with one user; set DockerRegistry, DockerUsername and " +
                "DockerPassword in defaults.json or stack config only.",
        );
    }

    return first;
}

/** What `icm:containerName` and `icm:dockerOptions` ask of every node's container. */
function containerSettings(stack: StackConfig): ContainerArgs {
    try {
        const nameFault =
            stack.containerName && containerNameFault(stack.containerName, "icm:containerName");
        if (nameFault) {
            throw new pulumi.RunError(nameFault);
        }
        const options = stack.dockerOptions
            ? parseRunOptions(stack.dockerOptions, "icm:dockerOptions")
            : undefined;
        return { name: stack.containerName, options };
    } catch (err) {
        throw asRunError(err);
    }
}

function clusterNodes(
    settings: ResolvedSettings,
    stack: StackConfig,
    container: ContainerArgs,
): ClusterNodeArgs[] {
    if (settings.nodes.length === 0) {
        // Without definitions the embedded default deploys onto this machine's own Docker.
        const image = settings.image;
        if (image === undefined) {
            throw new pulumi.RunError(
                "icm:dockerImage: no image is set; run `pulumi config set icm:dockerImage <image>`.",
            );
        }
        return [
            {
                name: "local",
                role: "LOCAL",
                image: formatImage(image.value),
                container: {
                    ...container,
                    init: initFor(settings.dockerInit, image.value, stack, container),
                },
            },
        ];
    }

    const knownHosts = readKnownHosts(stack.sshKnownHostsFile);
    return settings.nodes.map((node) => clusterNode(node, stack, container, knownHosts));
}

function readKnownHosts(path: string | undefined): string | undefined {
    if (path === undefined) {
        return undefined;
    }

    try {
        return fs.readFileSync(path, "utf8");
    } catch (err) {
        const reason = (err as NodeJS.ErrnoException).code ?? "unreadable";
        throw new pulumi.RunError(
            `icm:sshKnownHostsFile: cannot read ${JSON.stringify(path)} (${reason}). Give the ` +
                "path of a known_hosts file that holds every node's host key.",
        );
    }
}

/** The node's pinned host key from the known_hosts file, when one is configured. */
function pinnedHostKey(
    node: NodeSettings,
    knownHosts: string | undefined,
    path: string | undefined,
): string | undefined {
    if (knownHosts === undefined) {
        return undefined;
    }

    const key = findHostKey(knownHosts, node.host.value, 22);
    if (key === undefined) {
        throw new pulumi.RunError(
            `icm:sshKnownHostsFile: ${path} has no key for ${node.host.value} (${node.host.field}). ` +
                `Add it, after checking it, with \`ssh-keyscan ${node.host.value} >> ${path}\`.`,
        );
    }

    return key;
}

function clusterNode(
    node: NodeSettings,
    stack: StackConfig,
    container: ContainerArgs,
    knownHosts: string | undefined,
): ClusterNodeArgs {
    const user = node.sshUser?.value ?? stack.sshUser;
    const key = node.sshPrivateKey?.value ?? stack.sshPrivateKey;
    if (user === undefined || key === undefined) {
        const missing = user === undefined ? "SSHUser" : "SSHPrivateKey";
        const configKey = user === undefined ? "icm:sshUser" : "icm:sshPrivateKey";
        throw new pulumi.RunError(
            `${node.host.field}: node ${node.name} has no ${missing}; set ${missing} in ` +
                `defaults.json, or run \`pulumi config set ${configKey} <value>\`.`,
        );
    }

    // Read here too, so that an unreadable key names the setting it came from.
    try {
        readPrivateKey(key, node.sshPrivateKey?.field ?? "icm:sshPrivateKey");
    } catch (err) {
        throw new pulumi.RunError((err as Error).message);
    }

    return {
        name: node.name,
        role: node.role,
        connection: {
            host: node.host.value,
            user,
            privateKeyPath: key,
            hostKey: pinnedHostKey(node, knownHosts, stack.sshKnownHostsFile),
        },
        image: formatImage(node.image.value),
        container: {
            ...container,
            init: initFor(node.dockerInit, node.image.value, stack, container),
        },
    };
}

/**
 * Whether a container runs with `--init`: as `--init` in `icm:dockerOptions` says, else
 * `icm:dockerInit` when set, else what the ICM files decided; IRIS images never by default.
 */
function initFor(
    fromFiles: boolean,
    image: ResolvedImage,
    stack: StackConfig,
    container: ContainerArgs,
): boolean {
    if (typeof container.options?.init === "boolean") {
        return container.options.init;
    }

    return stack.dockerInit === undefined ? fromFiles : stack.dockerInit && !isIrisImage(image);
}

/** Errors about the user's input carry their whole story in the message: no stack trace. */
function asRunError(err: unknown): unknown {
    const inputErrors = [
        IcmConfigError,
        InvalidReferenceError,
        InvalidRegistryError,
        InvalidHostError,
    ];
    if (inputErrors.some((kind) => err instanceof kind)) {
        return new pulumi.RunError((err as Error).message);
    }

    return err;
}
