/** How Docker on the machine running Pulumi reaches a host's engine over SSH. */

/** An SSH endpoint as the docker provider sees it. */
export interface SshTarget {
    readonly host: string;
    readonly port: number;
    readonly user: string;
    /** Path of the private key file on the machine running Pulumi. */
    readonly privateKeyPath: string;
    /** The host's public key (`ssh-ed25519 AAAA…`); when absent, the first key seen is kept. */
    readonly hostKey?: string;
}

/** The docker provider's `host` for a target: `ssh://user@host:port`. */
export function dockerHostUrl(target: SshTarget): string {
    const host = target.host.includes(":") ? `[${target.host}]` : target.host;

    return `ssh://${target.user}@${host}:${target.port}`;
}

/** The name OpenSSH files a host key under: `host`, or `[host]:port` off port 22. */
export function knownHostsName(host: string, port: number): string {
    return port === 22 ? host : `[${host}]:${port}`;
}

/**
 * Options for the `ssh` that Docker runs. A pinned host key is handed to ssh through
 * `KnownHostsCommand`, so no known_hosts file has to be written anywhere; without one,
 * ssh keeps the first key it sees and refuses a later, different one.
 */
export function dockerSshOptions(target: SshTarget): string[] {
    const options = [
        "-i",
        target.privateKeyPath,
        "-o",
        "BatchMode=yes",
        "-o",
        "IdentitiesOnly=yes",
    ];

    if (target.hostKey === undefined) {
        return [...options, "-o", "StrictHostKeyChecking=accept-new"];
    }

    const line = `${knownHostsName(target.host, target.port)} ${target.hostKey.trim()}`;

    return [
        ...options,
        "-o",
        "StrictHostKeyChecking=yes",
        "-o",
        "UserKnownHostsFile=/dev/null",
        "-o",
        `KnownHostsCommand=/bin/echo ${line}`,
    ];
}
