/** Validation of defaults.json: one JSON object of fields shared by every node. */
import { namePartFault, userFault } from "./checks";
import { Findings } from "./errors";
import { compact, FieldReader, isJsonObject, jsonType } from "./fieldReader";
import { IcmDefaults } from "./types";

/**
 * Validates a parsed defaults.json, recording every problem and warning in `findings`.
 * `file` labels the fields in messages, as in "defaults.json: DockerRegistry".
 */
export function readDefaults(parsed: unknown, file: string, findings: Findings): IcmDefaults {
    if (!isJsonObject(parsed)) {
        findings.problem(
            `${file}: must be a JSON object of ICM fields, found ${jsonType(parsed)}; ` +
                `write the fields inside { }, such as { "DockerImage": "..." }`,
        );
        return {};
    }

    const fields = new FieldReader(parsed, (field) => `${file}: ${field}`, findings);
    fields.warnUnknownFields();

    return compact({
        DockerImage: fields.string("DockerImage"),
        DockerRegistry: fields.string("DockerRegistry"),
        DockerUsername: fields.string("DockerUsername"),
        DockerPassword: fields.string("DockerPassword"),
        DockerInit: fields.boolean("DockerInit"),
        SSHUser: fields.string("SSHUser", userFault),
        SSHPrivateKey: fields.string("SSHPrivateKey"),
        SSHPublicKey: fields.string("SSHPublicKey"),
        Label: fields.string("Label", namePartFault),
        Tag: fields.string("Tag", namePartFault),
        Provider: fields.string("Provider"),
    });
}
