import * as pulumi from "@pulumi/pulumi";
import * as runtimeConfig from "@pulumi/pulumi/runtime/config";

// The SDK keeps this query off its public types, yet it alone tells whether a key was
// stored with `--secret`; it is what the SDK itself consults.
const sdkConfig = runtimeConfig as unknown as { isConfigSecret: (key: string) => boolean };

/** Every `icm:` stack-config key the program reads, with what it corresponds to in ICM. */
export const CONFIG_KEYS = {
    dockerRegistry: "DockerRegistry",
    dockerUsername: "DockerUsername",
    dockerPassword: "DockerPassword",
    dockerImage: "DockerImage",
    image: "the -image option of icm run",
    defaultsFile: "defaults.json",
    definitionsFile: "definitions.json",
    sshUser: "SSHUser",
    sshPrivateKey: "SSHPrivateKey",
    sshKnownHostsFile: "(none: known_hosts file that pins every node's host key)",
    dockerInit: "DockerInit",
    containerName: "the -container option of icm run",
    dockerOptions: "the -options option of icm run",
    verifyImages: "(none: checks images on their registry first)",
    registryCaFile: "(none: CA of a private registry, for the image check)",
    insecureRegistry: "(none: allows the image check plain HTTP)",
} as const;

/** The stack's `icm:` configuration, read once. */
export interface StackConfig {
    readonly image?: string;
    readonly dockerImage?: string;
    readonly dockerRegistry?: string;
    readonly dockerUsername?: string;
    /** Taken literally; wrap it as a secret before it goes anywhere. */
    readonly dockerPassword?: string;
    /** Whether `dockerPassword` was stored with `--secret`. */
    readonly passwordIsSecret: boolean;
    readonly defaultsFile?: string;
    readonly definitionsFile?: string;
    readonly sshUser?: string;
    readonly sshPrivateKey?: string;
    readonly sshKnownHostsFile?: string;
    readonly dockerInit?: boolean;
    readonly containerName?: string;
    readonly dockerOptions?: string;
    readonly verifyImages: boolean;
    readonly registryCaFile?: string;
    readonly insecureRegistry: boolean;
}

/** Reads the `icm:` namespace; a malformed boolean fails naming its key. */
export function readStackConfig(): StackConfig {
    const config = new pulumi.Config("icm");
    const text = (key: keyof typeof CONFIG_KEYS) => emptyToUndefined(config.get(key));

    return {
        image: text("image"),
        dockerImage: text("dockerImage"),
        dockerRegistry: text("dockerRegistry"),
        dockerUsername: text("dockerUsername"),
        // Read raw: the value is only ever handed on wrapped as a secret.
        dockerPassword: emptyToUndefined(pulumi.runtime.getConfig("icm:dockerPassword")),
        passwordIsSecret: sdkConfig.isConfigSecret("icm:dockerPassword"),
        defaultsFile: text("defaultsFile"),
        definitionsFile: text("definitionsFile"),
        sshUser: text("sshUser"),
        sshPrivateKey: text("sshPrivateKey"),
        sshKnownHostsFile: text("sshKnownHostsFile"),
        dockerInit: config.getBoolean("dockerInit"),
        containerName: text("containerName"),
        dockerOptions: text("dockerOptions"),
        verifyImages: config.getBoolean("verifyImages") ?? true,
        registryCaFile: text("registryCaFile"),
        insecureRegistry: config.getBoolean("insecureRegistry") ?? false,
    };
}

function emptyToUndefined(value: string | undefined): string | undefined {
    return value === "" ? undefined : value;
}
