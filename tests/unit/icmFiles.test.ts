import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import {
    IcmConfigError,
    parseDefaultsText,
    parseDefinitionsText,
    readIcmFiles,
    resolveSettings,
} from "../../icm";
import { problemsOf } from "./icmSupport";

const defaults = (value: unknown) => () =>
    parseDefaultsText(JSON.stringify(value), "defaults.json");
const definitions = (value: unknown) => () =>
    parseDefinitionsText(JSON.stringify(value), "definitions.json");

const ROLES = "DATA, COMPUTE, DM, DS, QS, AM, AR, WS, LB, VM, CN, BH, SAM";

describe("reading defaults.json", () => {
    it("accepts a typical ICM defaults file without warnings", () => {
        const file = parseDefaultsText(
            JSON.stringify({
                Provider: "PreExisting",
                Label: "ANDY",
                Tag: "TEST",
                LicenseDir: "/Samples/License",
                SSHUser: "icmuser",
                SSHPublicKey: "/Samples/ssh/insecure-ssh2.pub",
                SSHPrivateKey: "/Samples/ssh/insecure",
                TLSKeyDir: "/Samples/tls/",
                DockerImage: "containers.intersystems.com/intersystems/iris:2024.1",
                DockerRegistry: "https://containers.intersystems.com",
                DockerUsername: "pat",
                DockerPassword: "abc\\$def",
                ISCPassword: "x",
                Mirror: "false",
                DataVolumeSize: "10",
                Region: "us-east-1",
                Credentials: "/Samples/AWS/credentials",
            }),
            "defaults.json",
        );

        assert.deepEqual(file.warnings, []);
        assert.equal(file.values.SSHUser, "icmuser");
        assert.equal(file.values.DockerPassword, "abc\\$def", "passwords stay escaped until used");
    });

    const booleans: [unknown, boolean | undefined][] = [
        [true, true],
        [false, false],
        ["false", false],
        ["TRUE", true],
        [null, undefined],
    ];

    for (const [written, read] of booleans) {
        it(`reads DockerInit ${JSON.stringify(written)} as ${String(read)}`, () => {
            assert.equal(defaults({ DockerInit: written })().values.DockerInit, read);
        });
    }

    it("reads a null field as absent", () => {
        assert.equal(defaults({ DockerPassword: null })().values.DockerPassword, undefined);
    });

    const problems: [string, unknown, string][] = [
        [
            "rejects an array in place of the object",
            [],
            'defaults.json: must be a JSON object of ICM fields, found an array; write the fields inside { }, such as { "DockerImage": "..." }',
        ],
        [
            "rejects a DockerInit that is neither true nor false",
            { DockerInit: "yes" },
            "defaults.json: DockerInit: must be true or false, found text; write true or false",
        ],
        [
            "rejects a DockerImage that is a number",
            { DockerImage: 5 },
            "defaults.json: DockerImage: must be text in double quotes, found a number; put the value in double quotes",
        ],
        [
            "rejects a DockerPassword that is an object",
            { DockerPassword: { value: "x" } },
            "defaults.json: DockerPassword: must be text in double quotes, found an object; put the value in double quotes",
        ],
        [
            "rejects an empty DockerUsername",
            { DockerUsername: "" },
            "defaults.json: DockerUsername: is empty; give a value or remove the field",
        ],
        [
            "rejects a Label with a dash, which would split node names wrongly",
            { Label: "my-label" },
            'defaults.json: Label: "my-label" contains "-" or white space, but "-" separates the parts of node names (Label-Role-Tag-NNNN); use letters, digits or "_" instead',
        ],
        [
            "rejects an SSHUser that ssh would read as an option",
            { SSHUser: "-oProxyCommand=x" },
            'defaults.json: SSHUser: "-oProxyCommand=x" is not a user name; use letters, digits, ".", "_", "@" and "-" (not first), at most 64 characters',
        ],
    ];

    for (const [name, value, problem] of problems) {
        it(name, () => {
            assert.deepEqual(problemsOf(defaults(value)), [problem]);
        });
    }

    it("lists every problem of the file in one error", () => {
        assert.throws(defaults({ DockerInit: 1, Tag: "a b", DockerImage: [] }), {
            name: "IcmConfigError",
            message:
                "3 problems in the ICM settings:\n" +
                "  - defaults.json: DockerImage: must be text in double quotes, found an array; put the value in double quotes\n" +
                "  - defaults.json: DockerInit: must be true or false, found a number; write true or false\n" +
                '  - defaults.json: Tag: "a b" contains "-" or white space, but "-" separates the parts of node names (Label-Role-Tag-NNNN); use letters, digits or "_" instead',
        });
    });

    const unknown: [string, string][] = [
        [
            "DockerRegistery",
            'defaults.json: DockerRegistery: not an ICM field, so it is ignored. Did you mean "DockerRegistry"?',
        ],
        [
            "dockerimage",
            'defaults.json: dockerimage: not an ICM field, so it is ignored. Did you mean "DockerImage"?',
        ],
        [
            "Zebra",
            "defaults.json: Zebra: not an ICM field, so it is ignored; check its spelling (field names are case-sensitive)",
        ],
    ];

    for (const [field, warning] of unknown) {
        it(`warns that the unknown field ${field} is ignored`, () => {
            assert.deepEqual(defaults({ [field]: "x" })().warnings, [warning]);
        });
    }
});

describe("reading definitions.json", () => {
    it("accepts PreExisting entries, with Count 1 written as ICM's samples do", () => {
        const file = definitions([
            { Role: "DM", IPAddress: "10.0.0.5", Count: "1" },
            { Role: "AM", DNSName: "am1.example.com", Count: 1, DockerInit: "false" },
            { Role: "WS", IPAddress: "fd00::7" },
        ])();

        assert.deepEqual(file.warnings, []);
        assert.deepEqual(
            file.entries.map((entry) => [entry.Role, entry.IPAddress ?? entry.DNSName]),
            [
                ["DM", "10.0.0.5"],
                ["AM", "am1.example.com"],
                ["WS", "fd00::7"],
            ],
        );
        assert.equal(file.entries[1].DockerInit, false);
    });

    const problems: [string, unknown, string][] = [
        [
            "rejects an object in place of the array",
            { Role: "DM" },
            'definitions.json: must be a JSON array with one object per host, found an object; write the entries inside [ ], such as [ { "Role": "DM", "IPAddress": "..." } ]',
        ],
        [
            "rejects a file without entries",
            [],
            'definitions.json: has no entries; add one object per host, such as { "Role": "DM", "IPAddress": "10.0.0.5" }, or leave icm:definitionsFile unset',
        ],
        [
            "rejects an entry that is not an object",
            ["DM"],
            'definitions.json[0]: must be a JSON object describing one host, found text; write it as { "Role": "DM", "IPAddress": "..." }',
        ],
        [
            "rejects an entry without Role",
            [{ IPAddress: "10.0.0.5" }],
            `definitions.json[0].Role: is missing; give the host's role, one of ${ROLES}`,
        ],
        [
            "suggests the nearest role for a misspelt one",
            [{ Role: "DATE", IPAddress: "10.0.0.5" }],
            `definitions.json[0].Role: "DATE" is not an ICM role; use one of ${ROLES} (did you mean "DATA"?)`,
        ],
        [
            "suggests the upper-case role for a lower-case one",
            [{ Role: "dm", IPAddress: "10.0.0.5" }],
            `definitions.json[0].Role: "dm" is not an ICM role; use one of ${ROLES} (did you mean "DM"?)`,
        ],
        [
            "rejects an entry with neither IPAddress nor DNSName",
            [{ Role: "DM" }],
            "definitions.json[0]: has neither IPAddress nor DNSName; give the existing host's address in IPAddress or its name in DNSName",
        ],
        [
            "rejects an IPAddress outside the address ranges",
            [{ Role: "DM", IPAddress: "10.0.0.300" }],
            'definitions.json[0].IPAddress: "10.0.0.300" is not an IPv4 or IPv6 address; write the host\'s address without brackets or port, such as "10.0.0.5", or give its name in DNSName',
        ],
        [
            "rejects an IPv6 address in brackets",
            [{ Role: "DM", IPAddress: "[::1]" }],
            'definitions.json[0].IPAddress: "[::1]" is not an IPv4 or IPv6 address; write the host\'s address without brackets or port, such as "10.0.0.5", or give its name in DNSName',
        ],
        [
            "rejects a DNSName with an underscore",
            [{ Role: "DM", DNSName: "data_1.example.com" }],
            'definitions.json[0].DNSName: "data_1.example.com" is not a DNS name; use letters, digits, "-" and dots, such as "node1.example.com", or give the host\'s address in IPAddress',
        ],
        [
            "rejects a Count other than 1, since an entry is one existing host",
            [{ Role: "DM", IPAddress: "10.0.0.5", Count: 2 }],
            "definitions.json[0].Count: is 2, but each entry describes one existing host; remove Count and write one entry per host, each with its own IPAddress or DNSName",
        ],
        [
            "rejects a Count that is not a number",
            [{ Role: "DM", IPAddress: "10.0.0.5", Count: "two" }],
            "definitions.json[0].Count: must be a whole number, found text; write a number such as 1",
        ],
        [
            "rejects two entries for one address",
            [
                { Role: "DM", IPAddress: "10.0.0.5" },
                { Role: "AM", IPAddress: "10.0.0.5" },
            ],
            "definitions.json[1].IPAddress: names the same host as definitions.json[0]; give each entry its own host, or remove one of the two",
        ],
        [
            "rejects two entries for one DNS name written in different cases",
            [
                { Role: "DM", DNSName: "node.example.com" },
                { Role: "AM", DNSName: "NODE.example.com" },
            ],
            "definitions.json[1].DNSName: names the same host as definitions.json[0]; give each entry its own host, or remove one of the two",
        ],
    ];

    for (const [name, value, problem] of problems) {
        it(name, () => {
            assert.deepEqual(problemsOf(definitions(value)), [problem]);
        });
    }

    it("labels the problems of each entry with its index", () => {
        const found = problemsOf(
            definitions([
                { Role: "DM", IPAddress: "10.0.0.5" },
                { Role: "AM", IPAddress: "10.0.0.6", DockerImage: 7 },
                { Role: "XX" },
            ]),
        );

        assert.deepEqual(
            found.map((problem) => problem.split(":")[0]),
            ["definitions.json[1].DockerImage", "definitions.json[2].Role", "definitions.json[2]"],
        );
    });

    it("warns about an unknown field of an entry, naming its index", () => {
        const file = definitions([{ Role: "DM", IPAddress: "10.0.0.5", SSHUsr: "u" }])();

        assert.deepEqual(file.warnings, [
            'definitions.json[0].SSHUsr: not an ICM field, so it is ignored. Did you mean "SSHUser"?',
        ]);
    });
});

describe("readIcmFiles", () => {
    let dir = "";

    before(async () => {
        dir = await mkdtemp(join(tmpdir(), "icm-files-"));
    });

    after(async () => {
        await rm(dir, { recursive: true, force: true });
    });

    it("reads both files from disk, each with its own warnings", async () => {
        const defaultsPath = join(dir, "defaults.json");
        const definitionsPath = join(dir, "definitions.json");
        await writeFile(defaultsPath, '{ "Tag": "T", "Tagg": 1 }');
        await writeFile(definitionsPath, '[ { "Role": "DM", "IPAddress": "10.0.0.5" } ]');

        const files = await readIcmFiles({
            defaultsFile: defaultsPath,
            definitionsFile: definitionsPath,
        });

        assert.equal(files.defaults?.values.Tag, "T");
        assert.equal(files.defaults?.warnings.length, 1);
        assert.deepEqual(files.definitions?.entries, [{ Role: "DM", IPAddress: "10.0.0.5" }]);
        assert.deepEqual(files.definitions?.warnings, []);
    });

    it("gives files that resolveSettings takes as they are", async () => {
        const defaultsPath = join(dir, "ready-defaults.json");
        const definitionsPath = join(dir, "ready-definitions.json");
        await writeFile(
            defaultsPath,
            '{ "DockerRegistry": "https://containers.intersystems.com", "DockerUsername": "pat", ' +
                '"DockerPassword": "abc\\\\$def", "DockerImage": "intersystems/iris:2024.1" }',
        );
        await writeFile(definitionsPath, '[ { "Role": "DM", "IPAddress": "10.0.0.5" } ]');

        const files = await readIcmFiles({
            defaultsFile: defaultsPath,
            definitionsFile: definitionsPath,
        });
        const [node] = resolveSettings({ stack: {}, ...files }).nodes;

        assert.equal(node.registry.password?.value, "abc$def");
        assert.equal(node.image.value.registry, "containers.intersystems.com");
        assert.equal(node.host.field, `${definitionsPath}[0].IPAddress`);
    });

    it("reads nothing when no path is given", async () => {
        assert.deepEqual(await readIcmFiles({}), { defaults: undefined, definitions: undefined });
    });

    it("names the config key and the path of a missing file", async () => {
        const path = join(dir, "missing.json");

        await assert.rejects(readIcmFiles({ defaultsFile: path }), {
            name: "IcmConfigError",
            message: `icm:defaultsFile: cannot read ${JSON.stringify(path)}: there is no such file; check the path, or point to the file with "pulumi config set icm:defaultsFile <path>"`,
        });
    });

    it("says so when the path is a directory", async () => {
        await assert.rejects(readIcmFiles({ definitionsFile: dir }), {
            message: `icm:definitionsFile: cannot read ${JSON.stringify(dir)}: it is a directory, not a file; check the path, or point to the file with "pulumi config set icm:definitionsFile <path>"`,
        });
    });

    it("lists the problems of both files in one error", async () => {
        const defaultsPath = join(dir, "bad-defaults.json");
        await writeFile(defaultsPath, '{ "Tag": "T", }');

        await assert.rejects(
            readIcmFiles({ defaultsFile: defaultsPath, definitionsFile: join(dir, "none.json") }),
            (error: unknown) => {
                assert.ok(error instanceof IcmConfigError);
                assert.equal(error.problems.length, 2);
                assert.match(error.problems[0], /^icm:definitionsFile: cannot read /);
                assert.match(error.problems[1], /bad-defaults\.json: is not valid JSON at line 1/);
                return true;
            },
        );
    });
});
