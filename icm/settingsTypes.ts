/** What settings resolution takes in and gives back. */
import type { ResolvedImage } from "../reference";
import { IcmDefaults, IcmDefinition } from "./types";

/** A value and the setting it came from, e.g. "icm:dockerRegistry" or "defaults.json: Tag". */
export interface Sourced<T> {
    readonly value: T;
    /** Labels the value in messages: a stack config key or a file's field path. */
    readonly field: string;
}

/** The `icm:*` stack config values, plain strings taken literally (no unescaping). */
export interface StackValues {
    /** `icm:image`: overrides every other image setting, like ICM's `-image` option. */
    readonly image?: string;
    /** `icm:dockerImage`: beats defaults.json, loses to a definitions.json entry. */
    readonly dockerImage?: string;
    readonly dockerRegistry?: string;
    readonly dockerUsername?: string;
    readonly dockerPassword?: string;
}

/** Everything settings are resolved from; both ICM files are optional. */
export interface SettingsSources {
    readonly stack: StackValues;
    /** A validated defaults.json (from `readIcmFiles`); `file` labels its fields. */
    readonly defaults?: {
        readonly file: string;
        readonly values: IcmDefaults;
        readonly warnings?: readonly string[];
    };
    /** A validated definitions.json: one entry per existing host. */
    readonly definitions?: {
        readonly file: string;
        readonly entries: readonly IcmDefinition[];
        readonly warnings?: readonly string[];
    };
}

/** The registry a node logs in to and pulls from, with the credentials for it. */
export interface RegistrySettings {
    /** Normalised host[:port]; "docker.io" for Docker Hub. */
    readonly server: Sourced<string>;
    readonly username?: Sourced<string>;
    /** The real password: unescaped when it came from an ICM file. */
    readonly password?: Sourced<string>;
}

/** Everything needed to deploy onto one existing host. */
export interface NodeSettings {
    /** ICM's node name, Label-Role-Tag-NNNN, numbered per role from 0001. */
    readonly name: string;
    readonly role: string;
    /** IPAddress when the entry gives one, else DNSName. */
    readonly host: Sourced<string>;
    readonly sshUser?: Sourced<string>;
    readonly sshPrivateKey?: Sourced<string>;
    readonly image: Sourced<ResolvedImage>;
    readonly registry: RegistrySettings;
    /** Whether the container runs with `--init`: DockerInit, but never for IRIS images. */
    readonly dockerInit: boolean;
}

/** The outcome of `resolveSettings`. */
export interface ResolvedSettings {
    /** One per definitions.json entry, in file order; empty without definitions. */
    readonly nodes: NodeSettings[];
    /** The registry from stack config and defaults.json, for a deployment without nodes. */
    readonly registry: RegistrySettings;
    /** The image from stack config and defaults.json, when either sets one. */
    readonly image?: Sourced<ResolvedImage>;
    /** `--init` for a deployment without nodes, decided as for a node. */
    readonly dockerInit: boolean;
    /** Unknown fields, images without tag or digest, credentials not used, and the like. */
    readonly warnings: string[];
}
