/**
 * Which registry a node logs in to, and with which credentials. Fields are taken by
 * precedence as ICM does, with one safeguard ICM lacks: credentials are used only with the
 * registry they were written for, so that they never reach another server.
 */
import { DOCKER_HUB, ImageReference } from "../reference";
import { Findings } from "./errors";
import { isBroken, Level, Setting } from "./levels";
import { RegistrySettings, Sourced } from "./settingsTypes";

const HUB_DEFAULT: Sourced<string> = { value: DOCKER_HUB, field: "built-in default" };

type Credential = "username" | "password";

/**
 * Resolves the registry settings from `levels`, highest precedence first, for a node pulling
 * `image`. Records problems in `findings` and returns undefined when there are any.
 * Credentials at a level count as written for the first registry set at that level or below
 * (Docker Hub when none is); credentials written for another registry are left unused.
 */
export function resolveRegistry(
    levels: readonly Level[],
    image: Setting<ImageReference> | undefined,
    findings: Findings,
): RegistrySettings | undefined {
    const writtenFor = levels.map((_, index) => registryAtOrBelow(levels, index));
    const chosen = writtenFor[0];

    if (isBroken(chosen)) {
        return undefined;
    }

    const pick = (credential: Credential) =>
        pickCredential(credential, levels, writtenFor, findings);
    const username = pick("username");
    const password = pick("password");

    if (isBroken(username) || isBroken(password) || !paired(username, password, findings)) {
        return undefined;
    }

    const login = username ?? password;
    const pulled = image === undefined || isBroken(image) ? undefined : image;
    const imageHost = pulled?.value.registry;
    const derived =
        pulled !== undefined && imageHost !== undefined
            ? { value: imageHost, field: pulled.field }
            : HUB_DEFAULT;

    // Without a registry setting, credentials are Docker Hub's, as in ICM.
    const server = chosen ?? (login === undefined ? derived : HUB_DEFAULT);

    if (pulled !== undefined && imageHost !== undefined && imageHost !== server.value) {
        findings.problem(mismatch(pulled.field, imageHost, server, login));
        return undefined;
    }

    return { server, username, password };
}

/** The first registry set at `index` or at a level of lower precedence. */
function registryAtOrBelow(levels: readonly Level[], index: number): Setting<string> | undefined {
    return levels.slice(index).find((level) => level.registry !== undefined)?.registry;
}

function pickCredential(
    credential: Credential,
    levels: readonly Level[],
    writtenFor: readonly (Setting<string> | undefined)[],
    findings: Findings,
): Setting<string> | undefined {
    const chosen = writtenFor[0];

    for (const [index, level] of levels.entries()) {
        const setting = level[credential];
        const target = writtenFor[index];

        if (setting === undefined) {
            continue;
        }

        if (sameRegistry(target, chosen)) {
            return setting;
        }

        if (!isBroken(target) && !isBroken(chosen) && chosen !== undefined) {
            findings.warn(unused(setting.field, target, chosen));
        }
    }

    return undefined;
}

function sameRegistry(a: Setting<string> | undefined, b: Setting<string> | undefined): boolean {
    if (isBroken(a) || isBroken(b)) {
        return false;
    }

    return a?.value === b?.value;
}

/** True when username and password come together; records a problem when they do not. */
function paired(
    username: Sourced<string> | undefined,
    password: Sourced<string> | undefined,
    findings: Findings,
): boolean {
    if (username !== undefined && password === undefined) {
        findings.problem(
            `${username.field}: a user name is set but no password goes with it; run ` +
                `"pulumi config set --secret icm:dockerPassword" to give the password, or ` +
                `remove the user name if the repository is public`,
        );
        return false;
    }

    if (password !== undefined && username === undefined) {
        findings.problem(
            `${password.field}: a password is set but no user name goes with it; run ` +
                `"pulumi config set icm:dockerUsername <user>" to give the user name, or ` +
                `remove the password if the repository is public`,
        );
        return false;
    }

    return true;
}

function unused(field: string, target: Sourced<string> | undefined, chosen: Sourced<string>) {
    const writtenFor =
        target === undefined
            ? "Docker Hub (no DockerRegistry goes with it)"
            : `"${target.value}" (${target.field})`;

    return (
        `${field}: is written for ${writtenFor}, but the registry in use is "${chosen.value}" ` +
        `(${chosen.field}), so it is not used there; give the credentials for ` +
        `"${chosen.value}" at the same place as ${chosen.field} if it needs a login`
    );
}

function mismatch(
    imageField: string,
    imageHost: string,
    server: Sourced<string>,
    login: Sourced<string> | undefined,
): string {
    const problem = `${imageField}: the image is on registry "${imageHost}"`;

    if (server === HUB_DEFAULT && login !== undefined) {
        return (
            `${problem}, but no DockerRegistry goes with the credentials (${login.field}), so ` +
            `they would go to Docker Hub ("${DOCKER_HUB}"), the wrong server; set ` +
            `DockerRegistry to "${imageHost}" next to them, or run ` +
            `"pulumi config set icm:dockerRegistry ${imageHost}"`
        );
    }

    return (
        `${problem}, but ${server.field} names "${server.value}", so the login credentials ` +
        `would go to the wrong server; make the two agree, or drop the registry from the ` +
        `image name`
    );
}
