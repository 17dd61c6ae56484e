/** Which image a node runs, placed on its registry, and what ICM's DockerInit means for it. */
import { ImageReference, ResolvedImage, resolveImage } from "../reference";
import { Findings } from "./errors";
import { isBroken, Setting } from "./levels";
import { Sourced } from "./settingsTypes";

/** The first image set among `candidates`, highest precedence first. */
export function chooseImage(
    candidates: readonly (Setting<ImageReference> | undefined)[],
): Setting<ImageReference> | undefined {
    return candidates.find((candidate) => candidate !== undefined);
}

/**
 * Places a checked image on `registry` (used only when the image names none) and warns
 * when Docker would fill in "latest".
 */
export function placeImage(
    image: Setting<ImageReference>,
    registry: string,
    findings: Findings,
): Sourced<ResolvedImage> | undefined {
    if (isBroken(image)) {
        return undefined;
    }

    const resolved = resolveImage(image.value, registry);

    if (resolved.impliedTag) {
        findings.warn(
            `${image.field}: names no tag or digest, so Docker pulls "latest", which changes ` +
                `whenever the image is republished; pin a tag (name:tag) or a digest ` +
                `(name@sha256:...)`,
        );
    }

    return { value: resolved, field: image.field };
}

/**
 * True for InterSystems IRIS images, which start under their own init process, so ICM starts
 * them without `--init`. Known shortcoming: it goes by the repository name (iris,
 * iris-community, irishealth, ...), so a renamed IRIS image still gets `--init`.
 */
export function isIrisImage(image: ResolvedImage): boolean {
    const name = image.repository.split("/").pop() ?? "";

    return name.startsWith("iris");
}
