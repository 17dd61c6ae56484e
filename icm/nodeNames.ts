/** ICM's node names: Label-Role-Tag-NNNN. */

/** Label when defaults.json gives none. */
export const DEFAULT_LABEL = "ICM";

/** Tag when defaults.json gives none. */
export const DEFAULT_TAG = "TEST";

/**
 * Names nodes in the order of `roles`, numbering each role from 0001 as ICM does, e.g.
 * ["DM", "AM", "AM"] → ICM-DM-TEST-0001, ICM-AM-TEST-0001, ICM-AM-TEST-0002.
 */
export function nodeNames(
    roles: readonly string[],
    label = DEFAULT_LABEL,
    tag = DEFAULT_TAG,
): string[] {
    const counts = new Map<string, number>();

    return roles.map((role) => {
        const number = (counts.get(role) ?? 0) + 1;
        counts.set(role, number);

        return `${label}-${role}-${tag}-${String(number).padStart(4, "0")}`;
    });
}
