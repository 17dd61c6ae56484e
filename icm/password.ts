/** The escaping ICM asked of DockerPassword values in its files, and its undoing. */
import { IcmConfigError } from "./errors";

/** Characters a shell would act on; escaping them (and the backslash) keeps them literal. */
const SHELL_SPECIAL = /[\\$|()&;<>`"'*?[\]{}!#~\s]/g;

/**
 * Turns a DockerPassword read from an ICM file into the real password: ICM handed the value
 * to a shell, so a backslash followed by any character stands for that character. Use it
 * only on values from ICM files; stack config values are taken literally.
 * `field` labels the value in messages, e.g. "defaults.json: DockerPassword".
 */
export function unescapeIcmPassword(value: string, field: string): string {
    let result = "";

    for (let i = 0; i < value.length; i++) {
        if (value[i] !== "\\") {
            result += value[i];
            continue;
        }

        if (i === value.length - 1) {
            throw new IcmConfigError([trailingBackslash(field)]);
        }

        i++;
        result += value[i];
    }

    return result;
}

function trailingBackslash(field: string): string {
    return (
        `${field}: the value ends in a lone backslash, which escapes nothing; if the password ` +
        `ends in a backslash, write it as four backslashes (\\\\\\\\) in the JSON file, ` +
        `otherwise remove the last one`
    );
}

/**
 * Writes a password the way ICM files carry it: a backslash before every character a shell
 * would act on. `unescapeIcmPassword` gives the password back.
 */
export function escapeIcmPassword(password: string): string {
    return password.replace(SHELL_SPECIAL, (character) => `\\${character}`);
}
