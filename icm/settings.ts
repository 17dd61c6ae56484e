/**
 * Settings precedence, per node: `icm:image` > definitions.json entry > stack config
 * (`icm:docker*`) > defaults.json > built-in default (Docker Hub; an image has none).
 */
import { ImageReference, ResolvedImage } from "../reference";
import { Findings } from "./errors";
import { chooseImage, isIrisImage, placeImage } from "./imageSettings";
import { fileLevel, Level, overrideImage, Setting, stackLevel } from "./levels";
import { nodeNames } from "./nodeNames";
import { resolveRegistry } from "./registrySettings";
import {
    NodeSettings,
    RegistrySettings,
    ResolvedSettings,
    SettingsSources,
    Sourced,
} from "./settingsTypes";
import { IcmDefaults, IcmDefinition } from "./types";

/** What every node shares: the image override, the stack config and defaults.json. */
interface Shared {
    readonly override?: Setting<ImageReference>;
    readonly stack: Level;
    readonly defaults: Level;
    readonly defaultsValues: IcmDefaults;
    readonly defaultsLabel: (field: string) => string;
    readonly findings: Findings;
}

/** A registry and image resolved together; either is undefined after a problem. */
interface Target {
    readonly registry?: RegistrySettings;
    readonly image?: Sourced<ResolvedImage>;
    /** True when some setting names an image, even one that failed its check. */
    readonly imageSet: boolean;
}

/**
 * Resolves the registry, credentials and image of every node in definitions.json, and of a
 * deployment without nodes. Throws one `IcmConfigError` listing every problem, if any.
 */
export function resolveSettings(sources: SettingsSources): ResolvedSettings {
    const findings = new Findings();
    sources.defaults?.warnings?.forEach((warning) => findings.warn(warning));
    sources.definitions?.warnings?.forEach((warning) => findings.warn(warning));

    const shared = readShared(sources, findings);
    const top = resolveTarget([shared.stack, shared.defaults], shared.override, findings);
    const nodes = resolveNodes(sources, shared);

    if (sources.definitions === undefined && !top.imageSet) {
        findings.problem(
            `icm:dockerImage: no image is set; run "pulumi config set icm:dockerImage <image>", ` +
                `or set DockerImage in defaults.json`,
        );
    }

    warnAboutProvider(sources, shared);
    findings.throwIfFailed();

    // With no problem recorded, the registry always resolved.
    const registry = top.registry as RegistrySettings;
    const init = shared.defaultsValues.DockerInit ?? true;

    return {
        nodes,
        registry,
        image: top.image,
        dockerInit: init && !(top.image !== undefined && isIrisImage(top.image.value)),
        warnings: findings.warnings,
    };
}

function readShared(sources: SettingsSources, findings: Findings): Shared {
    const file = sources.defaults?.file ?? "defaults.json";
    const defaultsValues = sources.defaults?.values ?? {};
    const defaultsLabel = (field: string) => `${file}: ${field}`;

    return {
        override: overrideImage(sources.stack.image, findings),
        stack: stackLevel(sources.stack, findings),
        defaults: fileLevel(defaultsValues, defaultsLabel, findings),
        defaultsValues,
        defaultsLabel,
        findings,
    };
}

function resolveTarget(
    levels: readonly Level[],
    override: Setting<ImageReference> | undefined,
    findings: Findings,
): Target {
    const image = chooseImage([override, ...levels.map((level) => level.image)]);
    const registry = resolveRegistry(levels, image, findings);
    const placed =
        image === undefined || registry === undefined
            ? undefined
            : placeImage(image, registry.server.value, findings);

    return { registry, image: placed, imageSet: image !== undefined };
}

function resolveNodes(sources: SettingsSources, shared: Shared): NodeSettings[] {
    const definitions = sources.definitions;

    if (definitions === undefined) {
        return [];
    }

    const { Label, Tag } = shared.defaultsValues;
    const names = nodeNames(
        definitions.entries.map((entry) => entry.Role),
        Label,
        Tag,
    );
    const nodes = definitions.entries.map((entry, index) =>
        resolveNode(
            entry,
            names[index],
            (field) => `${definitions.file}[${index}].${field}`,
            shared,
        ),
    );

    return nodes.filter((node) => node !== undefined);
}

function resolveNode(
    entry: IcmDefinition,
    name: string,
    label: (field: string) => string,
    shared: Shared,
): NodeSettings | undefined {
    const { findings, defaultsValues, defaultsLabel } = shared;
    const own = fileLevel(entry, label, findings);
    const target = resolveTarget([own, shared.stack, shared.defaults], shared.override, findings);
    const host = nodeHost(entry, label);

    if (!target.imageSet) {
        findings.problem(
            `${label("DockerImage")}: no image is set for this host; set DockerImage in this ` +
                `entry or in defaults.json, or run "pulumi config set icm:dockerImage <image>"`,
        );
    }

    if (host === undefined) {
        findings.problem(
            `${label("IPAddress")}: the entry has neither IPAddress nor DNSName; give the ` +
                `existing host's address in IPAddress or its name in DNSName`,
        );
    }

    if (target.registry === undefined || target.image === undefined || host === undefined) {
        return undefined;
    }

    const init = entry.DockerInit ?? defaultsValues.DockerInit ?? true;

    return {
        name,
        role: entry.Role,
        host,
        sshUser: firstOf(
            entry.SSHUser,
            label("SSHUser"),
            defaultsValues.SSHUser,
            defaultsLabel("SSHUser"),
        ),
        sshPrivateKey: firstOf(
            entry.SSHPrivateKey,
            label("SSHPrivateKey"),
            defaultsValues.SSHPrivateKey,
            defaultsLabel("SSHPrivateKey"),
        ),
        image: target.image,
        registry: target.registry,
        dockerInit: init && !isIrisImage(target.image.value),
    };
}

/** IPAddress when given, since it needs no name lookup; DNSName otherwise. */
function nodeHost(
    entry: IcmDefinition,
    label: (field: string) => string,
): Sourced<string> | undefined {
    if (entry.IPAddress !== undefined) {
        return { value: entry.IPAddress, field: label("IPAddress") };
    }

    return entry.DNSName === undefined
        ? undefined
        : { value: entry.DNSName, field: label("DNSName") };
}

function firstOf(
    own: string | undefined,
    ownField: string,
    shared: string | undefined,
    sharedField: string,
): Sourced<string> | undefined {
    if (own !== undefined) {
        return { value: own, field: ownField };
    }

    return shared === undefined ? undefined : { value: shared, field: sharedField };
}

function warnAboutProvider(sources: SettingsSources, shared: Shared): void {
    const provider = shared.defaultsValues.Provider;

    if (sources.definitions === undefined || provider === undefined) {
        return;
    }

    if (provider.toLowerCase() !== "preexisting") {
        shared.findings.warn(
            `${shared.defaultsLabel("Provider")}: is "${provider}", but this project deploys ` +
                `only onto existing hosts, listed in definitions.json by IPAddress or DNSName ` +
                `as for ICM's PreExisting provider; set Provider to "PreExisting"`,
        );
    }
}
