/** Helpers shared by the tests of `icm/`. */
import assert from "node:assert/strict";

import {
    IcmConfigError,
    IcmDefaults,
    IcmDefinition,
    ResolvedSettings,
    resolveSettings,
    StackValues,
} from "../../icm";

/** Resolves settings from stack values and, when given, the two files' contents. */
export function resolve(
    stack: StackValues,
    defaults?: IcmDefaults,
    entries?: IcmDefinition[],
): ResolvedSettings {
    return resolveSettings({
        stack,
        defaults: defaults && { file: "defaults.json", values: defaults },
        definitions: entries && { file: "definitions.json", entries },
    });
}

/** The problems of the IcmConfigError that `run` must throw. */
export function problemsOf(run: () => unknown): readonly string[] {
    try {
        run();
    } catch (error) {
        assert.ok(error instanceof IcmConfigError);
        return error.problems;
    }

    return assert.fail("expected an IcmConfigError");
}
