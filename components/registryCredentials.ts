import * as pulumi from "@pulumi/pulumi";

import { DOCKER_HUB, dockerConfigKey, parseRegistryHost } from "../reference";

/** The inputs of a {@link RegistryCredentials}. */
export interface RegistryCredentialsArgs {
    /**
     * Registry host, `host:port` or URL such as `https://containers.intersystems.com`
     * (ICM's `DockerRegistry`). Defaults to Docker Hub.
     */
    readonly registry?: pulumi.Input<string>;
    /**
     * User name for `docker login` (ICM's `DockerUsername`). Leave both this and
     * `password` unset for anonymous access to public repositories.
     */
    readonly username?: pulumi.Input<string>;
    /** Password or access token (ICM's `DockerPassword`). Always kept secret. */
    readonly password?: pulumi.Input<string>;
}

/** A registry and the credentials for it, with every sensitive part a secret output. */
export class RegistryCredentials extends pulumi.ComponentResource {
    /** Registry host as Docker names it (`docker.io` for Docker Hub). */
    public readonly server: pulumi.Output<string>;
    /** Address `docker login` takes and `config.json` files the credentials under. */
    public readonly loginServer: pulumi.Output<string>;
    /** User name, secret; undefined for anonymous access. */
    public readonly username: pulumi.Output<string | undefined>;
    /** Password or token, secret; undefined for anonymous access. */
    public readonly password: pulumi.Output<string | undefined>;
    /** True when no credentials were given: hosts pull without logging in. */
    public readonly anonymous: pulumi.Output<boolean>;
    /** A Docker `config.json` document holding the credentials, secret. */
    public readonly dockerConfigJson: pulumi.Output<string>;
    /** Whether hosts must log in; decided when the component is declared. */
    public readonly loginRequired: boolean;

    constructor(
        name: string,
        args: RegistryCredentialsArgs,
        opts?: pulumi.ComponentResourceOptions,
    ) {
        super("icm:index:RegistryCredentials", name, {}, opts);

        this.loginRequired = checkPairing(name, args, this);

        this.server = pulumi
            .output(args.registry)
            .apply((value) => registryOrHub(value, `RegistryCredentials ${name}: registry`, this));
        this.loginServer = this.server.apply(dockerConfigKey);
        this.username = pulumi.secret(
            pulumi.output(args.username).apply((value) => checkUsername(value, name, this)),
        );
        this.password = pulumi.secret(
            pulumi.output(args.password).apply((value) => checkPassword(value, name, this)),
        );
        this.anonymous = pulumi.output(!this.loginRequired);
        this.dockerConfigJson = pulumi.secret(
            pulumi
                .all([this.loginServer, this.username, this.password])
                .apply(([server, username, password]) =>
                    dockerConfigDocument(server, username, password),
                ),
        );

        this.registerOutputs({
            server: this.server,
            loginServer: this.loginServer,
            username: this.username,
            password: this.password,
            anonymous: this.anonymous,
            dockerConfigJson: this.dockerConfigJson,
        });
    }
}

/**
 * Builds the `config.json` document Docker and Kubernetes pull secrets read:
 * `{"auths": {server: {"auth": base64("user:password")}}}`, or no entry when anonymous.
 */
export function dockerConfigDocument(
    loginServer: string,
    username: string | undefined,
    password: string | undefined,
): string {
    if (username === undefined || password === undefined) {
        return JSON.stringify({ auths: {} });
    }

    const auth = Buffer.from(`${username}:${password}`, "utf8").toString("base64");

    return JSON.stringify({ auths: { [loginServer]: { username, password, auth } } });
}

function checkPairing(
    name: string,
    args: RegistryCredentialsArgs,
    resource: pulumi.Resource,
): boolean {
    const hasUsername = args.username !== undefined;
    const hasPassword = args.password !== undefined;

    if (hasUsername && !hasPassword) {
        throw new pulumi.ResourceError(
            `RegistryCredentials ${name}: a username is set but no password. Set \`password\` ` +
                "(in a stack: `pulumi config set --secret icm:dockerPassword`, which prompts " +
                "with masked input), or drop the username for anonymous access.",
            resource,
            true,
        );
    }
    if (hasPassword && !hasUsername) {
        throw new pulumi.ResourceError(
            `RegistryCredentials ${name}: a password is set but no username. Set \`username\` ` +
                "(in a stack: `pulumi config set icm:dockerUsername <user>`), or drop the " +
                "password for anonymous access.",
            resource,
            true,
        );
    }

    return hasUsername;
}

/**
 * Reads a registry setting as Docker names the registry, Docker Hub when unset. `field`
 * labels the value in the error, which is tied to `resource`.
 */
export function registryOrHub(
    value: string | undefined,
    field: string,
    resource: pulumi.Resource,
): string {
    if (value === undefined || value === "") {
        return DOCKER_HUB;
    }

    try {
        return parseRegistryHost(value, field);
    } catch (err) {
        throw new pulumi.ResourceError((err as Error).message, resource, true);
    }
}

function checkUsername(
    value: string | undefined,
    name: string,
    resource: pulumi.Resource,
): string | undefined {
    if (value === "") {
        throw new pulumi.ResourceError(
            `RegistryCredentials ${name}: username is empty. Give the registry user name, or ` +
                "leave both username and password unset for anonymous access.",
            resource,
            true,
        );
    }
    // A login reads the user name as the first line of its standard input.
    if (value !== undefined && [...value].some(isControlCharacter)) {
        throw new pulumi.ResourceError(
            `RegistryCredentials ${name}: username contains a line break or another control ` +
                "character, which no registry accepts. Remove it.",
            resource,
            true,
        );
    }

    return value;
}

function checkPassword(
    value: string | undefined,
    name: string,
    resource: pulumi.Resource,
): string | undefined {
    if (value === "") {
        throw new pulumi.ResourceError(
            `RegistryCredentials ${name}: password is empty. Set it with ` +
                "`pulumi config set --secret icm:dockerPassword`, which prompts with masked input.",
            resource,
            true,
        );
    }

    return value;
}

function isControlCharacter(character: string): boolean {
    const code = character.charCodeAt(0);

    return code < 0x20 || code === 0x7f;
}
