/** ICM's `-options`: the extra `docker run` flags of `icm run`, read into Container settings. */
import { RunOptionsError } from "./error";
import { FlagReader } from "./reader";
import type { RunOptions } from "./types";
import { shellWords } from "./words";

export { RunOptionsError } from "./error";
export type { RunOptions } from "./types";

/**
 * The Container settings the `docker run` flags in `text` stand for. Repeated list flags
 * add up; otherwise the last one wins, as in docker run. Throws one `RunOptionsError`
 * naming `field` in every problem; no message shows the value of an `--env`.
 */
export function parseRunOptions(text: string, field: string): RunOptions {
    const reader = new FlagReader(shellWords(text, field), field);

    reader.readAll();
    if (reader.problems.length > 0) {
        throw new RunOptionsError(reader.problems);
    }

    return reader.settings;
}
