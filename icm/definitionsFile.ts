/** Validation of definitions.json in ICM's PreExisting form: one entry per existing host. */
import { dnsNameFault, ipAddressFault, roleFault, userFault } from "./checks";
import { Findings } from "./errors";
import { compact, FieldReader, isJsonObject, jsonType } from "./fieldReader";
import { ROLES } from "./fields";
import { IcmDefinition } from "./types";

/**
 * Validates a parsed definitions.json, recording every problem and warning in `findings`;
 * the result is meaningful only when no problem was recorded. `Count` (the cloud providers'
 * node count) is accepted only as 1, since each entry here names one host.
 */
export function readDefinitions(
    parsed: unknown,
    file: string,
    findings: Findings,
): IcmDefinition[] {
    if (!Array.isArray(parsed)) {
        findings.problem(
            `${file}: must be a JSON array with one object per host, found ${jsonType(parsed)}; ` +
                `write the entries inside [ ], such as [ { "Role": "DM", "IPAddress": "..." } ]`,
        );
        return [];
    }

    if (parsed.length === 0) {
        findings.problem(
            `${file}: has no entries; add one object per host, such as ` +
                `{ "Role": "DM", "IPAddress": "10.0.0.5" }, or leave icm:definitionsFile unset`,
        );
    }

    const entries = parsed.map((entry, index) => readEntry(entry, `${file}[${index}]`, findings));
    checkHostsDiffer(entries, file, findings);

    return entries.filter((entry) => entry !== undefined);
}

function readEntry(raw: unknown, entry: string, findings: Findings): IcmDefinition | undefined {
    if (!isJsonObject(raw)) {
        findings.problem(
            `${entry}: must be a JSON object describing one host, found ${jsonType(raw)}; ` +
                `write it as { "Role": "DM", "IPAddress": "..." }`,
        );
        return undefined;
    }

    const fields = new FieldReader(raw, (field) => `${entry}.${field}`, findings);
    fields.warnUnknownFields();

    const role = fields.string("Role", roleFault);
    requireRoleAndAddress(fields, entry, findings);
    checkCount(fields);

    return compact({
        Role: role ?? "",
        IPAddress: fields.string("IPAddress", ipAddressFault),
        DNSName: fields.string("DNSName", dnsNameFault),
        DockerImage: fields.string("DockerImage"),
        DockerRegistry: fields.string("DockerRegistry"),
        DockerUsername: fields.string("DockerUsername"),
        DockerPassword: fields.string("DockerPassword"),
        DockerInit: fields.boolean("DockerInit"),
        SSHUser: fields.string("SSHUser", userFault),
        SSHPrivateKey: fields.string("SSHPrivateKey"),
    });
}

function requireRoleAndAddress(fields: FieldReader, entry: string, findings: Findings): void {
    if (!fields.has("Role")) {
        fields.reject("Role", `is missing; give the host's role, one of ${ROLES.join(", ")}`);
    }

    if (!fields.has("IPAddress") && !fields.has("DNSName")) {
        findings.problem(
            `${entry}: has neither IPAddress nor DNSName; give the existing host's address ` +
                `in IPAddress or its name in DNSName`,
        );
    }
}

function checkCount(fields: FieldReader): void {
    const count = fields.integer("Count");

    if (count !== undefined && count !== 1) {
        fields.reject(
            "Count",
            `is ${count}, but each entry describes one existing host; remove Count and write ` +
                `one entry per host, each with its own IPAddress or DNSName`,
        );
    }
}

/** Two entries for one host would start two containers of the same name there. */
function checkHostsDiffer(
    entries: (IcmDefinition | undefined)[],
    file: string,
    findings: Findings,
): void {
    const seen = new Map<string, number>();

    entries.forEach((entry, index) => {
        const host = (entry?.IPAddress ?? entry?.DNSName)?.toLowerCase();
        const field = entry?.IPAddress === undefined ? "DNSName" : "IPAddress";

        if (host === undefined) {
            return;
        }

        const first = seen.get(host);

        if (first === undefined) {
            seen.set(host, index);
            return;
        }

        findings.problem(
            `${file}[${index}].${field}: names the same host as ${file}[${first}]; ` +
                `give each entry its own host, or remove one of the two`,
        );
    });
}
