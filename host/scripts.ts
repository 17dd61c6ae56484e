import { shellQuote } from "./shell";

/**
 * Scripts that log a host into a registry, pull an image and log out again. Each takes
 * everything secret from its standard input, so the script text itself can be shown in
 * previews and kept in state.
 */

/**
 * What a login script expects on its standard input: the user name on the first line,
 * then the password (everything after the first newline, as `docker login` reads it).
 */
export function loginInput(username: string, password: string): string {
    return `${username}\n${password}`;
}

/**
 * Logs the host into `server` with the user name and password read from standard input.
 * `read` takes the first line byte by byte, so the rest of standard input, the password,
 * goes untouched to `docker login --password-stdin`. `hostLabel` names the host in the
 * message printed when the registry refuses the login.
 */
export function loginScript(server: string, hostLabel: string): string {
    const quotedServer = shellQuote(server, "the registry server");
    const failure = `${hostLabel}: docker login to ${server} failed; check the registry user name and password`;

    return [
        "set -eu",
        "IFS= read -r icm_user",
        `if ! docker login --username "$icm_user" --password-stdin ${quotedServer}; then`,
        `    echo ${shellQuote(failure, "the host name")} >&2`,
        "    exit 1",
        "fi",
    ].join("\n");
}

/** Removes the host's stored credentials for `server`; it succeeds when there were none. */
export function logoutScript(server: string): string {
    return `docker logout ${shellQuote(server, "the registry server")}`;
}

/** Pulls `image` with whatever login the host holds for its registry. */
export function pullScript(image: string): string {
    return `docker pull --quiet ${shellQuote(image, "the image")}`;
}
