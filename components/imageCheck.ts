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

        const client = newClient(distinct, options, resource);
        try {
            const found = await verifyImages(
                client,
                distinct.map((image) => ({ image, access })),
                options.concurrency ?? 4,
            );
            return new Map(found.map((info, index) => [formatImage(distinct[index]), info.digest]));
        } catch (err) {
            throw asResourceError(err, resource);
        } finally {
            await client.close();
        }
    });

    return pulumi.unsecret(digests);
}

function newClient(
    images: ResolvedImage[],
    options: ImageCheckOptions,
    resource: pulumi.Resource,
): RegistryClient {
    try {
        return new RegistryClient({
            caFiles: caFiles(images, options.caFile),
            insecure: options.insecure ? registries(images) : [],
            timeoutMs: options.timeoutMs,
            log: (message) => void pulumi.log.debug(message, resource),
        });
    } catch (err) {
        // An unreadable CA file: the client's message names the setting and the path.
        throw new pulumi.ResourceError((err as Error).message, resource, true);
    }
}

/**
 * Registry failures are the user's to fix and say all there is to say: no stack trace.
 * Each is also logged against the component, since the failure itself reaches the user
 * wrapped in the SDK's account of every input it could not compute.
 */
function asResourceError(err: unknown, resource: pulumi.Resource): unknown {
    const failures = err instanceof AggregateError ? (err.errors as unknown[]) : [err];
    if (failures.every((failure) => failure instanceof RegistryError)) {
        const lines = failures.map((failure) => (failure as Error).message);
        lines.forEach((line) => void pulumi.log.error(line, resource));
        return new pulumi.ResourceError(lines.join("\n"), resource, true);
    }

    return err;
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
