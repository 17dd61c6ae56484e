/**
 * The places a node's Docker settings can come from, each read and checked once: a
 * definitions.json entry, the stack config, defaults.json. A setting that failed its check
 * is kept as `Broken`, so that later checks neither trip over it nor report it again.
 */
import {
    ImageReference,
    InvalidReferenceError,
    InvalidRegistryError,
    parseImageReference,
    parseRegistryHost,
} from "../reference";
import { Findings, IcmConfigError } from "./errors";
import { unescapeIcmPassword } from "./password";
import { Sourced, StackValues } from "./settingsTypes";
import { IcmDefaults, IcmDefinition } from "./types";

/** A setting that was given but failed its check; its problem is already recorded. */
export interface Broken {
    readonly field: string;
    readonly broken: true;
}

/** A checked setting, or one that failed its check. */
export type Setting<T> = Sourced<T> | Broken;

/** The Docker settings one place gives; absent ones are undefined. */
export interface Level {
    readonly image?: Setting<ImageReference>;
    /** Normalised host[:port]. */
    readonly registry?: Setting<string>;
    readonly username?: Setting<string>;
    /** The real password, unescaped when it came from an ICM file. */
    readonly password?: Setting<string>;
}

/** The raw strings of one place and how its fields are labelled. */
interface LevelInput {
    readonly image?: string;
    readonly registry?: string;
    readonly username?: string;
    readonly password?: string;
    readonly labels: { image: string; registry: string; username: string; password: string };
    /** True for ICM files, whose passwords carry ICM's backslash escaping. */
    readonly fromFile: boolean;
}

/** True for a setting that failed its check. */
export function isBroken<T>(setting: Setting<T> | undefined): setting is Broken {
    return setting !== undefined && "broken" in setting;
}

/** Reads and checks one place's settings, recording each problem in `findings`. */
function readLevel(input: LevelInput, findings: Findings): Level {
    const { labels } = input;

    return {
        image: check(input.image, labels.image, findings, parseImageReference),
        registry: check(input.registry, labels.registry, findings, parseRegistryHost),
        username: check(input.username, labels.username, findings, notEmpty),
        password: check(input.password, labels.password, findings, (value, field) =>
            input.fromFile
                ? unescapeIcmPassword(notEmpty(value, field), field)
                : notEmpty(value, field),
        ),
    };
}

function check<T>(
    value: string | undefined,
    field: string,
    findings: Findings,
    parse: (value: string, field: string) => T,
): Setting<T> | undefined {
    if (value === undefined) {
        return undefined;
    }

    try {
        return { value: parse(value, field), field };
    } catch (error) {
        if (error instanceof InvalidReferenceError || error instanceof InvalidRegistryError) {
            findings.problem(error.message);
        } else {
            findings.absorb(error);
        }

        return { field, broken: true };
    }
}

function notEmpty(value: string, field: string): string {
    if (value === "") {
        throw new IcmConfigError([`${field}: is empty; give a value or remove the setting`]);
    }

    return value;
}

/** The stack config's settings, taken literally. */
export function stackLevel(stack: StackValues, findings: Findings): Level {
    return readLevel(
        {
            image: stack.dockerImage,
            registry: stack.dockerRegistry,
            username: stack.dockerUsername,
            password: stack.dockerPassword,
            labels: {
                image: "icm:dockerImage",
                registry: "icm:dockerRegistry",
                username: "icm:dockerUsername",
                password: "icm:dockerPassword",
            },
            fromFile: false,
        },
        findings,
    );
}

/** The settings of defaults.json or of one definitions.json entry, labelled by `label`. */
export function fileLevel(
    values: IcmDefaults | IcmDefinition,
    label: (field: string) => string,
    findings: Findings,
): Level {
    return readLevel(
        {
            image: values.DockerImage,
            registry: values.DockerRegistry,
            username: values.DockerUsername,
            password: values.DockerPassword,
            labels: {
                image: label("DockerImage"),
                registry: label("DockerRegistry"),
                username: label("DockerUsername"),
                password: label("DockerPassword"),
            },
            fromFile: true,
        },
        findings,
    );
}

/** The `icm:image` override, checked like any image setting. */
export function overrideImage(
    value: string | undefined,
    findings: Findings,
): Setting<ImageReference> | undefined {
    return check(value, "icm:image", findings, parseImageReference);
}
