/** Checking many images at once, each distinct one only once. */
import { formatImage, type ResolvedImage } from "../reference";
import { identityOf, type RegistryAccess } from "./access";
import type { RegistryClient } from "./client";
import type { ManifestInfo } from "./readManifest";

/** One image to check, with the credentials of its registry if it needs any. */
export interface ImageRequest {
    image: ResolvedImage;
    access?: RegistryAccess;
}

/**
 * Resolves every image, at most `concurrency` at a time, and returns their manifests in the
 * order asked. When checks fail, all are still run: one failure is thrown as it is, several
 * as an AggregateError listing each.
 */
export async function verifyImages(
    client: RegistryClient,
    requests: ImageRequest[],
    concurrency = 4,
): Promise<ManifestInfo[]> {
    const distinct = new Map<string, ImageRequest>();
    const keys = requests.map((request) => {
        const key = `${formatImage(request.image)} ${identityOf(request.access)}`;
        distinct.set(key, distinct.get(key) ?? request);
        return key;
    });

    const settled = await inPool([...distinct.values()], concurrency, (request) =>
        client.resolve(request.image, request.access),
    );

    const found = new Map<string, ManifestInfo>();
    const errors: unknown[] = [];
    [...distinct.keys()].forEach((key, index) => {
        const result = settled[index];
        if (result.status === "fulfilled") {
            found.set(key, result.value);
        } else {
            errors.push(result.reason);
        }
    });

    if (errors.length > 0) {
        throw errors.length === 1 ? errors[0] : combined(errors);
    }
    return keys.map((key) => found.get(key) as ManifestInfo);
}

function combined(errors: unknown[]): AggregateError {
    const lines = errors.map((error) => (error instanceof Error ? error.message : String(error)));

    return new AggregateError(
        errors,
        `${errors.length} images failed their check:\n- ${lines.join("\n- ")}`,
    );
}

/** Runs `work` on every item with at most `limit` running at once, and settles them all. */
async function inPool<T, R>(
    items: T[],
    limit: number,
    work: (item: T) => Promise<R>,
): Promise<PromiseSettledResult<R>[]> {
    const results = new Array<PromiseSettledResult<R>>(items.length);
    let next = 0;

    const worker = async () => {
        while (next < items.length) {
            const index = next++;
            results[index] = await work(items[index]).then(
                (value): PromiseSettledResult<R> => ({ status: "fulfilled", value }),
                (reason: unknown): PromiseSettledResult<R> => ({ status: "rejected", reason }),
            );
        }
    };

    const workers = Math.max(1, Math.min(limit, items.length));
    await Promise.all(Array.from({ length: workers }, worker));
    return results;
}
