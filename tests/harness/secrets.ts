/** Values as Pulumi's mock monitor hands them over: secrets wrapped, everything else bare. */
export type PropertyMap = Record<string, unknown>;

/** Key that marks a wrapped value (a secret, a resource reference, an asset). */
export const SIG_KEY = "4dabf18193072939515e22adb298388d";

/** Value under {@link SIG_KEY} that marks a secret. */
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** The placeholder Pulumi uses for a value not known until the deployment runs. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** A secret as it travels between the SDK and the monitor. */
export interface WrappedSecret {
    [SIG_KEY]: typeof SECRET_SIG;
    value: unknown;
}

/** True for a plain object (not an array, not null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** True when `value` is a wrapped secret. */
export function isSecret(value: unknown): value is WrappedSecret {
    return isRecord(value) && value[SIG_KEY] === SECRET_SIG;
}

/** Wraps `value` as a secret, the way the SDK would send it. */
export function secret(value: unknown): WrappedSecret {
    return { [SIG_KEY]: SECRET_SIG, value };
}

/** The value with every secret wrapper removed, at any depth. */
export function reveal(value: unknown): unknown {
    if (isSecret(value)) {
        return reveal(value.value);
    }

    if (Array.isArray(value)) {
        return value.map(reveal);
    }

    if (isRecord(value)) {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, reveal(v)]));
    }

    return value;
}

/** {@link reveal} for a property map. */
export function revealMap(map: PropertyMap): PropertyMap {
    return Object.fromEntries(Object.entries(map).map(([k, v]) => [k, reveal(v)]));
}

/** Paths (`stdin`, `connection`, `envs[1]`, `a.b`) of every wrapped secret inside `map`. */
export function secretPaths(map: PropertyMap): string[] {
    const found: string[] = [];

    const walk = (value: unknown, path: string): void => {
        if (isSecret(value)) {
            found.push(path);
        } else if (Array.isArray(value)) {
            value.forEach((item, i) => walk(item, `${path}[${i}]`));
        } else if (isRecord(value)) {
            for (const [k, v] of Object.entries(value)) {
                walk(v, path === "" ? k : `${path}.${k}`);
            }
        }
    };

    walk(map, "");
    return found;
}

/** True when `value` holds a secret anywhere inside. */
export function containsSecret(value: unknown): boolean {
    if (isSecret(value)) {
        return true;
    }

    if (Array.isArray(value)) {
        return value.some(containsSecret);
    }

    return isRecord(value) && Object.values(value).some(containsSecret);
}
