import * as pulumi from "@pulumi/pulumi";

import { formatImage, ResolvedImage } from "../reference";
import { RegistryClient, RegistryError, verifyImages } from "../registry";

/** How the image check reaches a registry. */
export interface ImageCheckOptions {
    /** PEM file of the CA that signed a private registry's certificate, added to the system roots. */
    readonly caFile?: string;
    /** Allow plain HTTP to the registry. Loopback registries always may, as with Docker. */
    readonly insecure?: boolean;
    /** Time limit of each request in milliseconds. Defaults to 10000. */
    readonly timeoutMs?: number;
    /** How many requests may be under way at once. Defaults to 4. */
    readonly concurrency?: number;
}

/**
 * Checks each distinct image once on its registry, with the credentials when there are
 * any, and maps each image's name to its manifest digest. Digests are not secret, so the
 * result is not either, although the credentials that went into it are.
 */
export function checkImages(
    images: ResolvedImage[],
    username: pulumi.Output<string | undefined>,
    password: pulumi.Output<string | undefined>,
    options: ImageCheckOptions,
    resource: pulumi.Resource,
): pulumi.Output<Map<string, string>> {
    const distinct = [...new Map(images.map((image) => [formatImage(image), image])).values()];

    const digests = pulumi.all([username, password]).apply(async ([user, secret]) => {
        const access =
            user !== undefined && secret !== undefined
                ? { username: user, password: secret }
                : undefined;
        const client = new RegistryClient({
            caFiles: caFiles(distinct, options.caFile),
            insecure: options.insecure ? registries(distinct) : [],
            timeoutMs: options.timeoutMs,
            log: (message) => void pulumi.log.debug(message, resource),
        });

        try {
            const found = await verifyImages(
                client,
                distinct.map((image) => ({ image, access })),
                options.concurrency ?? 4,
            );
            return new Map(found.map((info, index) => [formatImage(distinct[index]), info.digest]));
        } catch (err) {
            if (err instanceof RegistryError) {
                throw new pulumi.ResourceError(err.message, resource, true);
            }
            throw err;
        }
    });

    return pulumi.unsecret(digests);
}

function registries(images: ResolvedImage[]): string[] {
    return [...new Set(images.map((image) => image.registry))];
}

function caFiles(images: ResolvedImage[], caFile: string | undefined): Record<string, string> {
    if (caFile === undefined) {
        return {};
    }

    return Object.fromEntries(registries(images).map((registry) => [registry, caFile]));
}
