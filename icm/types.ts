/** The fields this project reads from ICM's defaults.json and definitions.json. */

/** The defaults.json fields this project uses, validated; `null` in the file reads as absent. */
export interface IcmDefaults {
    readonly DockerImage?: string;
    readonly DockerRegistry?: string;
    readonly DockerUsername?: string;
    /** As written in the file, still carrying ICM's backslash escaping. */
    readonly DockerPassword?: string;
    /** Whether containers run with `--init`; true when absent. */
    readonly DockerInit?: boolean;
    readonly SSHUser?: string;
    readonly SSHPrivateKey?: string;
    readonly SSHPublicKey?: string;
    /** First part of node names; contains no "-". */
    readonly Label?: string;
    /** Third part of node names; contains no "-". */
    readonly Tag?: string;
    readonly Provider?: string;
}

/** One definitions.json entry: one existing host (ICM's PreExisting form). */
export interface IcmDefinition {
    /** One of ICM's roles, such as "DM", "DATA" or "WS". */
    readonly Role: string;
    /** The host's address; used when both it and DNSName are given. */
    readonly IPAddress?: string;
    readonly DNSName?: string;
    readonly DockerImage?: string;
    readonly DockerRegistry?: string;
    readonly DockerUsername?: string;
    /** As written in the file, still carrying ICM's backslash escaping. */
    readonly DockerPassword?: string;
    readonly DockerInit?: boolean;
    readonly SSHUser?: string;
    readonly SSHPrivateKey?: string;
}

/** A validated defaults.json: its label in messages, its values, and its warnings. */
export interface IcmDefaultsFile {
    /** The path as given, used to label every field in messages. */
    readonly file: string;
    readonly values: IcmDefaults;
    readonly warnings: readonly string[];
}

/** A validated definitions.json: its label in messages, its entries, and its warnings. */
export interface IcmDefinitionsFile {
    /** The path as given, used to label every field in messages. */
    readonly file: string;
    readonly entries: IcmDefinition[];
    readonly warnings: readonly string[];
}
