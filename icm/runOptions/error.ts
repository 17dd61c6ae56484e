/** The error thrown for `docker run` flags that cannot be used. */
import { IcmConfigError } from "../errors";

/** Thrown when `docker run` flags cannot be used; `problems` lists each, naming the field. */
export class RunOptionsError extends IcmConfigError {
    constructor(problems: readonly string[]) {
        super(problems);
        this.name = "RunOptionsError";
    }
}
