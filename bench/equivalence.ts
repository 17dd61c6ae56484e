import { Fingerprint } from "./monitor";

/**
 * Compares the custom resources of the two modes by name: the same names, types, inputs
 * (secrets included, as wrapped) and providers. Returns one line per difference.
 */
export function differences(program: Fingerprint[], baseline: Fingerprint[]): string[] {
    const byName = new Map(baseline.map((resource) => [resource.name, resource]));
    const problems: string[] = [];

    for (const resource of program) {
        const twin = byName.get(resource.name);
        if (twin === undefined) {
            problems.push(`${resource.name}: declared by the program only`);
        } else if (twin.type !== resource.type) {
            problems.push(`${resource.name}: ${resource.type} in the program, ${twin.type} here`);
        } else if (twin.digest !== resource.digest) {
            problems.push(`${resource.name}: the inputs or the provider differ`);
        }
        byName.delete(resource.name);
    }
    for (const name of byName.keys()) {
        problems.push(`${name}: declared by the baseline only`);
    }

    return problems;
}
