import * as pulumi from "@pulumi/pulumi";

import {
    formatImage,
    parseImageReference,
    pinImage,
    pinnedName,
    resolveImage,
    ResolvedImage,
} from "../reference";
import type { ContainerArgs } from "./container";
import { NodeDeployment, SshConnectionArgs } from "./nodeDeployment";
import { RegistryCredentials, registryOrHub } from "./registryCredentials";
import { checkImages, ImageCheckOptions } from "./imageCheck";

/** One node of a cluster. */
export interface ClusterNodeArgs {
    /** Node name, unique in the cluster; ICM named nodes `Label-Role-Tag-NNNN`. */
    readonly name: string;
    /** ICM role, such as `DATA`, `DM`, `WS` or `AR`. */
    readonly role: string;
    /** SSH access. Defaults to the machine running Pulumi. */
    readonly connection?: SshConnectionArgs;
    /**
     * Image reference (ICM's `DockerImage`); one without a registry lives on the cluster's
     * registry.
     */
    readonly image: string;
    /** The container to run. Defaults as in {@link ContainerArgs}. */
    readonly container?: ContainerArgs;
}

/** The inputs of an {@link IcmCluster}. */
export interface IcmClusterArgs {
    /** Registry host, `host:port` or URL (ICM's `DockerRegistry`). Defaults to Docker Hub. */
    readonly registry?: string;
    /** Registry user (ICM's `DockerUsername`); unset with `password` for anonymous access. */
    readonly username?: pulumi.Input<string>;
    /** Registry password or token (ICM's `DockerPassword`). */
    readonly password?: pulumi.Input<string>;
    /** The nodes, each logged in, given its image and its container. */
    readonly nodes: ClusterNodeArgs[];
    /** ICM's `DockerInit`: `--init` for every container except IRIS. Defaults to true. */
    readonly dockerInit?: boolean;
    /**
     * Check every image on its registry before any host is touched, and run it by digest.
     * Defaults to true; turn it off for registries only the nodes can reach.
     */
    readonly verifyImages?: boolean;
    /** How the image check reaches the registry (CA file, plain HTTP, time limit). */
    readonly imageCheck?: ImageCheckOptions;
}

/** What one node runs. */
export interface NodeSummary {
    readonly name: string;
    readonly role: string;
    readonly host: string;
    readonly container: string;
    readonly containerId: string;
    readonly image: string;
}

/** The image a role runs, as found on its registry. */
export interface RoleImage {
    readonly role: string;
    readonly registry: string;
    readonly image: string;
    /** Manifest digest; undefined when the check is turned off. */
    readonly digest?: string;
}

/**
 * A cluster as ICM deployed it: one credential set, every image checked once on its
 * registry, and one {@link NodeDeployment} per node, all deployed at the same time.
 */
export class IcmCluster extends pulumi.ComponentResource {
    /** The registry credentials the nodes log in with. */
    public readonly credentials: RegistryCredentials;
    /** The node components, in the order given. */
    public readonly deployments: NodeDeployment[];
    /** What each node runs. */
    public readonly nodes: pulumi.Output<NodeSummary[]>;
    /** Image, registry and digest per role. */
    public readonly images: pulumi.Output<RoleImage[]>;

    constructor(name: string, args: IcmClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("icm:index:IcmCluster", name, {}, opts);

        const registry = registryOrHub(args.registry, `IcmCluster ${name}: registry`, this);
        const images = resolveNodeImages(name, args.nodes, registry, this);

        this.credentials = new RegistryCredentials(
            `${name}-registry`,
            { registry, username: args.username, password: args.password },
            { parent: this },
        );

        const refs = pinImages(this, images, args, registry);
        this.deployments = args.nodes.map(
            (node, index) =>
                new NodeDeployment(
                    `${name}-${node.name}`,
                    {
                        connection: node.connection,
                        credentials: this.credentials,
                        image: refs[index],
                        container: node.container,
                        dockerInit: args.dockerInit,
                    },
                    { parent: this },
                ),
        );

        this.nodes = pulumi.all(
            this.deployments.map((deployment, index) =>
                pulumi
                    .all([
                        deployment.host,
                        deployment.containerName,
                        deployment.containerId,
                        deployment.image,
                    ])
                    .apply(([host, container, containerId, image]) => ({
                        name: args.nodes[index].name,
                        role: args.nodes[index].role,
                        host,
                        container,
                        containerId,
                        image,
                    })),
            ),
        );
        this.images = pulumi.all(refs).apply((pinned) => roleImages(args.nodes, images, pinned));

        this.registerOutputs({ nodes: this.nodes, images: this.images });
    }
}

/** Places every node's image on the cluster's registry, refusing images of other registries. */
function resolveNodeImages(
    name: string,
    nodes: ClusterNodeArgs[],
    registry: string,
    resource: pulumi.Resource,
): ResolvedImage[] {
    const problems: string[] = [];
    const images = nodes.map((node, index) => {
        const field = `IcmCluster ${name}: nodes[${index}].image`;
        try {
            const ref = parseImageReference(node.image, field);
            if (ref.registry !== undefined && ref.registry !== registry) {
                problems.push(
                    `${field} names the registry ${ref.registry}, but the cluster's registry is ` +
                        `${registry}; the credentials would be sent to the wrong server. Drop the ` +
                        "registry from the image or change the cluster's registry.",
                );
            }
            return resolveImage(ref, registry);
        } catch (err) {
            problems.push((err as Error).message);
            return undefined;
        }
    });

    const names = new Set<string>();
    for (const node of nodes) {
        if (names.has(node.name)) {
            problems.push(
                `IcmCluster ${name}: two nodes are named ${node.name}; give each its own name.`,
            );
        }
        names.add(node.name);
    }

    if (problems.length > 0) {
        throw new pulumi.ResourceError(problems.join("\n"), resource, true);
    }

    return images as ResolvedImage[];
}

/** The reference each node pulls: the checked digest, or the tag as given when unchecked. */
function pinImages(
    cluster: IcmCluster,
    images: ResolvedImage[],
    args: IcmClusterArgs,
    registry: string,
): pulumi.Output<string>[] {
    for (const image of images) {
        if (image.impliedTag) {
            void pulumi.log.warn(
                `${formatImage(image)} names no tag, so "latest" is used; pin a tag or a digest ` +
                    "so that every node runs the same image.",
                cluster,
            );
        }
    }

    if (args.verifyImages === false) {
        void pulumi.log.warn(
            `Images on ${registry} are not checked before deployment (verifyImages is off); ` +
                "nodes pull the tags as given and may run different builds of one tag.",
            cluster,
        );
        return images.map((image) => pulumi.output(formatImage(image)));
    }

    const digests = checkImages(
        images,
        cluster.credentials.username,
        cluster.credentials.password,
        args.imageCheck ?? {},
        cluster,
    );

    return images.map((image) =>
        digests.apply((found) => pinnedName(pinImage(image, found.get(formatImage(image)) ?? ""))),
    );
}

function roleImages(
    nodes: ClusterNodeArgs[],
    images: ResolvedImage[],
    pinned: string[],
): RoleImage[] {
    const byRole = new Map<string, RoleImage>();
    nodes.forEach((node, index) => {
        if (byRole.has(node.role)) {
            return;
        }
        const digest = pinned[index].includes("@") ? pinned[index].split("@")[1] : undefined;
        byRole.set(node.role, {
            role: node.role,
            registry: images[index].registry,
            image: formatImage({ ...images[index], digest: undefined }),
            digest,
        });
    });

    return [...byRole.values()];
}
