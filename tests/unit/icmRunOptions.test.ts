import assert from "node:assert/strict";
import { describe, it } from "node:test";

import type { ContainerArgs } from "@pulumi/docker";
import fc from "fast-check";

import { IcmConfigError, parseRunOptions, RunOptionsError, type RunOptions } from "../../icm";

const FIELD = "icm:dockerOptions";
const MIB = 1024 * 1024;

function problemsOf(text: string): readonly string[] {
    try {
        parseRunOptions(text, FIELD);
    } catch (error) {
        assert.ok(error instanceof RunOptionsError);
        return error.problems;
    }

    return assert.fail(`expected ${JSON.stringify(text)} to be refused`);
}

describe("docker run flags to Container settings", () => {
    const cases: [string, string, RunOptions][] = [
        ["reads nothing from blank flags", " \t\n", {}],
        [
            "reads sizes as MiB, rounding up",
            "-m 4g --memory-swap 6G --memory-reservation 1536m --shm-size 1025k",
            { memory: 4096, memorySwap: 6144, memoryReservation: 1536, shmSize: 2 },
        ],
        [
            "reads plain bytes, fractions and unit spellings as docker run does",
            "--memory 1048577 --shm-size 1.5GiB --memory-reservation 64MB",
            { memory: 2, shmSize: 1536, memoryReservation: 64 },
        ],
        ["takes -1 as unlimited swap", "--memory-swap=-1", { memorySwap: -1 }],
        [
            "reads values after = and short flags holding their value",
            "-p8080:80 -eFOO=bar -m=512m --workdir=/opt -u 1000:1000 -h node1",
            {
                ports: [{ internal: 80, external: 8080 }],
                envs: ["FOO=bar"],
                memory: 512,
                workingDir: "/opt",
                user: "1000:1000",
                hostname: "node1",
            },
        ],
        [
            "adds up repeated list flags in order",
            "--cap-add SYS_TIME --cap-add NET_ADMIN --cap-drop ALL -e A=1 -e B= --dns 10.0.0.2 " +
                "--dns ::1 --dns-search example.com --dns-opt ndots:2 --security-opt " +
                "no-new-privileges --group-add 50 --device-cgroup-rule 'c 1:3 mr'",
            {
                capabilities: { adds: ["SYS_TIME", "NET_ADMIN"], drops: ["ALL"] },
                envs: ["A=1", "B="],
                dns: ["10.0.0.2", "::1"],
                dnsSearches: ["example.com"],
                dnsOpts: ["ndots:2"],
                securityOpts: ["no-new-privileges"],
                groupAdds: ["50"],
                deviceCgroupRules: ["c 1:3 mr"],
            },
        ],
        [
            "lets the last of a repeated single-valued flag win",
            "-m 1g -m 2g --hostname a --hostname b --restart on-failure:3 --restart always",
            { memory: 2048, hostname: "b", restart: "always" },
        ],
        [
            "keeps one label and one ulimit per name, the last given",
            "-l a=1 -l b -l a=x=y --ulimit nofile=1024:4096 --ulimit nproc=512 --ulimit nofile=-1",
            {
                labels: [
                    { label: "a", value: "x=y" },
                    { label: "b", value: "" },
                ],
                ulimits: [
                    { name: "nofile", soft: -1, hard: -1 },
                    { name: "nproc", soft: 512, hard: 512 },
                ],
            },
        ],
        [
            "reads ports with address, host port and protocol",
            "-p 80 -p 8080:80 -p 127.0.0.1:8443:443/tcp -p 127.0.0.1::53/udp -p [::1]:9000:9/sctp",
            {
                ports: [
                    { internal: 80 },
                    { internal: 80, external: 8080 },
                    { internal: 443, external: 8443, ip: "127.0.0.1", protocol: "tcp" },
                    { internal: 53, ip: "127.0.0.1", protocol: "udp" },
                    { internal: 9, external: 9000, ip: "::1", protocol: "sctp" },
                ],
            },
        ],
        [
            "reads host folders, named volumes, anonymous volumes and their options",
            "-v /srv/data:/data -v cache:/cache:ro -v /scratch -v /etc/ssl:/ssl:rw,Z",
            {
                volumes: [
                    { hostPath: "/srv/data", containerPath: "/data" },
                    { volumeName: "cache", containerPath: "/cache", readOnly: true },
                    { containerPath: "/scratch" },
                    {
                        hostPath: "/etc/ssl",
                        containerPath: "/ssl",
                        readOnly: false,
                        selinuxRelabel: "Z",
                    },
                ],
            },
        ],
        [
            "reads switches alone, with =true or =false, and in a cluster",
            "--privileged --read-only=false --init=true -P",
            { privileged: true, readOnly: false, init: true, publishAllPorts: true },
        ],
        [
            "reads key=value flags into maps, keeping any = in the value",
            "--log-driver json-file --log-opt max-size=10m --log-opt tag=a=b --sysctl " +
                "net.core.somaxconn=1024 --storage-opt size=20G --tmpfs /run --tmpfs /tmp:rw,size=64m",
            {
                logDriver: "json-file",
                logOpts: { "max-size": "10m", tag: "a=b" },
                sysctls: { "net.core.somaxconn": "1024" },
                storageOpts: { size: "20G" },
                tmpfs: { "/run": "", "/tmp": "rw,size=64m" },
            },
        ],
        [
            "reads devices and their rates",
            "--device /dev/fuse --device /dev/sda:/dev/xvda:r --device /dev/kvm:rwm " +
                "--device-read-bps /dev/sda:1m --device-write-iops /dev/sda:200",
            {
                devices: [
                    { hostPath: "/dev/fuse" },
                    { hostPath: "/dev/sda", containerPath: "/dev/xvda", permissions: "r" },
                    { hostPath: "/dev/kvm", permissions: "rwm" },
                ],
                deviceReadBps: [{ path: "/dev/sda", rate: MIB }],
                deviceWriteIops: [{ path: "/dev/sda", rate: 200 }],
            },
        ],
        [
            "reads host entries written with : or =, and bracketed IPv6",
            "--add-host db:10.0.0.5 --add-host gw=host-gateway --add-host v6:[::1]",
            {
                hosts: [
                    { host: "db", ip: "10.0.0.5" },
                    { host: "gw", ip: "host-gateway" },
                    { host: "v6", ip: "::1" },
                ],
            },
        ],
        [
            "reads CPU limits, writing CPUs as a plain number",
            "--cpus .50 -c 512 --cpu-period 100000 --cpu-quota -1 --cpuset-cpus 0-1",
            { cpus: "0.5", cpuShares: 512, cpuPeriod: 100000, cpuQuota: -1, cpuSet: "0-1" },
        ],
        [
            "reads namespaces, runtime and process settings",
            "--net none --ipc host --pid host --userns host --cgroupns private --cgroup-parent " +
                "/docker --runtime runc --gpus all --platform linux/amd64 --domainname example.com " +
                "--entrypoint /bin/sh --stop-timeout 30 --stop-signal SIGINT --restart on-failure:5",
            {
                networkMode: "none",
                ipcMode: "host",
                pidMode: "host",
                usernsMode: "host",
                cgroupnsMode: "private",
                cgroupParent: "/docker",
                runtime: "runc",
                gpus: "all",
                platform: "linux/amd64",
                domainname: "example.com",
                entrypoints: ["/bin/sh"],
                stopTimeout: 30,
                stopSignal: "SIGINT",
                restart: "on-failure",
                maxRetryCount: 5,
            },
        ],
        [
            "reads quoted words as a shell would",
            `-e 'A=it'\\''s $HOME' -e "B=x \\"y\\" \\$z" -l 'k=a b' --entrypoint "" -l c=\\;`,
            {
                envs: ["A=it's $HOME", 'B=x "y" $z'],
                labels: [
                    { label: "k", value: "a b" },
                    { label: "c", value: ";" },
                ],
                entrypoints: [""],
            },
        ],
        [
            "sets keys that plain assignment would turn into a prototype",
            "--log-opt __proto__=x",
            { logOpts: Object.defineProperty({}, "__proto__", { value: "x", enumerable: true }) },
        ],
    ];

    for (const [name, text, expected] of cases) {
        it(name, () => {
            assert.deepEqual(parseRunOptions(text, FIELD), expected);
        });
    }

    it("gives settings the docker provider's Container takes as they are", () => {
        const settings: Omit<ContainerArgs, "image" | "name"> = parseRunOptions("-m 1g", FIELD);

        assert.equal(settings.memory, 1024);
    });
});

describe("refused docker run flags", () => {
    const each = (message: string) => `${FIELD}: ${message}`;
    const cases: [string, string, string[]][] = [
        [
            "suggests the flag a misspelt one is near, and still reads the next flag",
            "--memroy 4g --privileged=maybe",
            [
                '"--memroy" is not a docker run flag (did you mean --memory?); check it against "docker run --help", or remove it',
                '--privileged takes only true or false after "="; write the flag alone to turn it on, or with =false to turn it off',
            ],
        ],
        [
            "names an unknown one-letter flag",
            "-x",
            ['"-x" is not a docker run flag; check it against "docker run --help", or remove it'],
        ],
        [
            "points out a long flag written with one dash, without its value",
            "-memory=1g",
            ['"-memory" has a single dash; write --memory'],
        ],
        [
            "refuses the container name, which has its own setting",
            "--name iris",
            [
                "--name is set by the container name setting (icm:containerName, ICM's -container); remove it here",
            ],
        ],
        [
            "refuses flags that attach a terminal or detach, even in a cluster",
            "-itd",
            [
                "-i (--interactive) cannot apply: deployed containers run with no terminal or input attached; remove it",
                "-t (--tty) cannot apply: deployed containers run with no terminal or input attached; remove it",
                "-d (--detach) is implied: deployed containers always run detached; remove it",
            ],
        ],
        [
            "refuses removing the container when it stops",
            "--rm",
            [
                "--rm would delete the container when it stops, yet the deployment keeps it to restart it; remove it",
            ],
        ],
        [
            "refuses a flag the docker provider cannot express",
            "--pids-limit 100",
            [
                "--pids-limit has no counterpart in the docker provider's Container settings, so it cannot apply; remove it",
            ],
        ],
        [
            "sends a flag the provider expresses otherwise to the setting that does",
            "--mount type=bind,src=/a,dst=/b",
            [
                "--mount is not read from these flags; set mounts in NodeDeployment's container.options instead",
            ],
        ],
        [
            "refuses flags that read files where docker runs",
            "--env-file ./app.env",
            [
                "--env-file reads a file where the docker command runs, and no such command runs here; give each entry as its own --env or --label instead",
            ],
        ],
        [
            "refuses an image and command, naming only the first word",
            "-m 1g iris sleep 1",
            [
                '"iris" is not a flag, and docker run would take it for the image and the words after it for the command; remove it, as the image comes from DockerImage and a command from NodeDeployment\'s container.command',
            ],
        ],
        [
            "refuses the end of flags",
            "-- -m 1g",
            [
                '"--" ends the flags, and docker run would take the words after it for the image and its command; remove it and what follows, as the image comes from DockerImage',
            ],
        ],
        [
            "refuses a flag without its value",
            "-m",
            ["-m (--memory) needs a value after it; give one, or remove the flag"],
        ],
        [
            "refuses what is not a size",
            "-m 4x --memory-swap lots",
            [
                '-m (--memory) "4x" is not a size; use bytes, or a number with the unit k, m or g (powers of 1024), such as 512m or 4g',
                '--memory-swap "lots" is not a size; use bytes, or a number with the unit k, m or g (powers of 1024), such as 512m or 4g, or -1 for no limit',
            ],
        ],
        [
            "refuses numbers out of range",
            "--cpus 0 --cpu-shares -5",
            [
                '--cpus "0" is not a number of CPUs above 0; use one such as 1.5',
                '--cpu-shares "-5" is not a whole number of at least 0',
            ],
        ],
        [
            "refuses ports it cannot publish",
            "-p 70000 -p 8000-8010:8000-8010 -p ::1:80:80",
            [
                '-p (--publish) "70000" is not a port to publish; use [ip:][hostPort:]port[/tcp|udp|sctp] with ports from 1 to 65535, such as 8080:80',
                '-p (--publish) "8000-8010:8000-8010" publishes a range of ports, which is not read here; publish each port with its own --publish',
                '-p (--publish) "::1:80:80" is not a port to publish; use [ip:][hostPort:]port[/tcp|udp|sctp] with ports from 1 to 65535, such as 8080:80',
            ],
        ],
        [
            "refuses volumes with a relative path, a bad source or an option the provider lacks",
            "-v data -v ./x:/y -v /a:/b:nocopy",
            [
                '-v (--volume) "data" mounts at "data", which is not an absolute path; use [source:]path[:ro|rw|z|Z], such as /srv/data:/data:ro',
                '-v (--volume) "./x:/y" mounts "./x", which is neither an absolute host path nor a volume name; use [source:]path[:ro|rw|z|Z], such as /srv/data:/data:ro',
                '-v (--volume) "/a:/b:nocopy" has the option "nocopy", which the docker provider\'s volumes do not take; use ro, rw, z or Z',
            ],
        ],
        [
            "refuses ulimits that are malformed, unknown or upside down",
            "--ulimit nofile --ulimit bogus=1 --ulimit nofile=10:5",
            [
                '--ulimit "nofile" is not a ulimit; use name=soft[:hard], such as nofile=1024:4096',
                '--ulimit "bogus=1" names no ulimit; use one of core, cpu, data, fsize, locks, memlock, msgqueue, nice, nofile, nproc, rss, rtprio, rttime, sigpending, stack',
                '--ulimit "nofile=10:5" has a soft limit above its hard limit; lower the soft one',
            ],
        ],
        [
            "refuses restart policies docker does not know",
            "--restart sometimes --restart always:3",
            [
                '--restart "sometimes" is not a restart policy; use no, always, unless-stopped or on-failure[:retries]',
                '--restart "always:3" is not a restart policy; use no, always, unless-stopped or on-failure[:retries]',
            ],
        ],
        [
            "refuses malformed entries of the other value flags",
            "--add-host db --dns example.com --log-opt max-size --device disk --tmpfs run -w data " +
                "--hostname '' --device-read-bps /dev/sda",
            [
                '--add-host "db" is not a host entry; use name:ip, such as db:10.0.0.5',
                '--dns "example.com" is not an IP address; use one such as 10.0.0.2',
                '--log-opt "max-size" is not key=value; write it as key=value',
                '--device "disk" is not a device; use hostPath[:containerPath][:permissions] with absolute paths and permissions of r, w and m, such as /dev/fuse',
                '--tmpfs "run" does not start with an absolute path; start it with /',
                '-w (--workdir) "data" is not an absolute path; start it with /',
                "--hostname is empty; give a value, or remove the flag",
                '--device-read-bps "/dev/sda" is not path:rate; write it as /dev/sda:10m',
            ],
        ],
        [
            "refuses an --env without a value, naming only the variable",
            "-e PASS -e =x",
            [
                '-e (--env) PASS has no "=", so docker run would copy PASS from the environment of the shell running it, which the deployment does not have; write PASS=<value>',
                '-e (--env) has an empty variable name before "="; write NAME=value',
            ],
        ],
        [
            "refuses shell operators",
            "-m 1g; --privileged",
            [
                '";" is a shell operator, not part of a docker run flag; remove it, or put the word in single quotes if it belongs to a value',
            ],
        ],
        [
            "refuses expansions and command substitution",
            "--label x=$HOME -l $(id)",
            [
                '"$HOME" starts an expansion, which nothing performs here; write the value itself, or put the word in single quotes to keep "$" literal',
                '"$" starts an expansion or command substitution, which nothing performs here; write the value itself, or put the word in single quotes to keep "$" literal',
                '"(" is a shell operator, not part of a docker run flag; remove it, or put the word in single quotes if it belongs to a value',
                '")" is a shell operator, not part of a docker run flag; remove it, or put the word in single quotes if it belongs to a value',
            ],
        ],
        [
            "refuses backquotes, globs and comments",
            "-l `id` --label a=* -m 1g # sized",
            [
                "the backquote at character 4 starts command substitution, which nothing performs here; put the word in single quotes to keep it literal",
                '"a=*" is a file-name pattern a shell would expand; put the word in single quotes to keep "*" and "?" literal',
                '"#" starts a shell comment, which would drop the rest of the options; put a "#" that belongs to a value in single quotes',
            ],
        ],
        [
            "refuses an unclosed quote and a final backslash",
            '-l "a=b -l c\\',
            [
                "the flags end with a backslash, which escapes nothing; remove it",
                'the quote (") at character 4 is never closed; close it',
            ],
        ],
        [
            "refuses an unclosed ${",
            "-l ${x",
            [
                'a "${" is never closed by "}"; write the value itself, or put the word in single quotes to keep "$" literal',
            ],
        ],
        [
            "reports every problem of the flags at once",
            "--name x -m 4x --rm",
            [
                "--name is set by the container name setting (icm:containerName, ICM's -container); remove it here",
                '-m (--memory) "4x" is not a size; use bytes, or a number with the unit k, m or g (powers of 1024), such as 512m or 4g',
                "--rm would delete the container when it stops, yet the deployment keeps it to restart it; remove it",
            ],
        ],
    ];

    for (const [name, text, problems] of cases) {
        it(name, () => {
            assert.deepEqual(problemsOf(text), problems.map(each));
        });
    }

    it("throws an ICM settings error whose message lists every problem", () => {
        assert.throws(
            () => parseRunOptions("--rm -d", FIELD),
            (error: unknown) => {
                assert.ok(error instanceof RunOptionsError);
                assert.ok(error instanceof IcmConfigError);
                assert.equal(error.name, "RunOptionsError");
                assert.equal(
                    error.message,
                    "2 problems in the ICM settings:\n" +
                        `  - ${FIELD}: --rm would delete the container when it stops, yet the deployment keeps it to restart it; remove it\n` +
                        `  - ${FIELD}: -d (--detach) is implied: deployed containers always run detached; remove it`,
                );
                return true;
            },
        );
    });
});

describe("secrecy of --env values", () => {
    const SECRET = "s3cr3t";
    const cases: [string, string, string][] = [
        [
            "hides an expansion inside the value",
            `-e PASS=${SECRET}$x`,
            "the value of --env PASS, or a word after it, holds shell syntax ($, a * or ? pattern, #, or an operator such as ; or |); put the whole NAME=value in single quotes",
        ],
        [
            "hides a pattern that holds the whole value",
            `--env=PASS=${SECRET}*`,
            "the value of --env PASS, or a word after it, holds shell syntax ($, a * or ? pattern, #, or an operator such as ; or |); put the whole NAME=value in single quotes",
        ],
        [
            "hides an operator after the value",
            `-ePASS=${SECRET};${SECRET}`,
            "the value of --env PASS, or a word after it, holds shell syntax ($, a * or ? pattern, #, or an operator such as ; or |); put the whole NAME=value in single quotes",
        ],
        [
            "hides a comment inside the value",
            `-e PASS=a#${SECRET}`,
            "the value of --env PASS, or a word after it, holds shell syntax ($, a * or ? pattern, #, or an operator such as ; or |); put the whole NAME=value in single quotes",
        ],
        [
            "hides the unquoted rest of a value with a space",
            `-e PASS=a ${SECRET}`,
            "the word after the value of --env PASS is not a docker run flag; if it is part of that value, put the whole PASS=value in single quotes, otherwise remove it",
        ],
        [
            "hides the unquoted rest of a value that looks like a flag",
            `-e PASS=a -${SECRET}`,
            "the word after the value of --env PASS is not a docker run flag; if it is part of that value, put the whole PASS=value in single quotes, otherwise remove it",
        ],
        [
            "hides a pattern that starts with a dash right after the value",
            `-e PASS=a -${SECRET}*`,
            "the value of --env PASS, or a word after it, holds shell syntax ($, a * or ? pattern, #, or an operator such as ; or |); put the whole NAME=value in single quotes",
        ],
        [
            "hides the value of an --env written with one dash",
            `-env=PASS=${SECRET}`,
            '"-env" has a single dash; write --env',
        ],
    ];

    for (const [name, text, problem] of cases) {
        it(name, () => {
            const problems = problemsOf(text);

            assert.deepEqual(problems, [`${FIELD}: ${problem}`]);
            assert.ok(!problems.join("\n").includes(SECRET));
        });
    }
});

// ---- The property: quoted words read back as the flags they were ----

/** One flag as words, and what it does to the settings it is read into. */
interface Item {
    readonly words: string[];
    readonly apply: (settings: RunOptions) => void;
}

/** Text full of what a shell treats specially, and any other character but NUL. */
const anyText = fc
    .string({
        unit: fc.oneof(
            fc.constantFrom(..."'\"\\$`*?#;|&<>()[]{}~!= \t\n:-/"),
            fc.string({ unit: "grapheme", minLength: 1, maxLength: 1 }),
        ),
        maxLength: 12,
    })
    .filter((text) => !text.includes("\0"));
const someText = anyText.filter((text) => text !== "");
/** Keys that often repeat, so that a repeated key is read as well. */
const keyText = fc.oneof(
    { arbitrary: fc.constantFrom("a", "tag"), weight: 3 },
    { arbitrary: someText.filter((text) => !text.includes("=")), weight: 1 },
);
const pathText = anyText.map((text) => `/${text.replaceAll(":", "")}`);

/** Any of the ways docker run accepts a flag and its value. */
function spelt(long: string, value: string, short?: string): fc.Arbitrary<string[]> {
    const forms = [[`--${long}`, value], [`--${long}=${value}`]];

    if (short !== undefined) {
        forms.push([`-${short}`, value], [`-${short}${value}`]);
    }

    return fc.constantFrom(...forms);
}

function item(
    words: fc.Arbitrary<string[]>,
    apply: (settings: RunOptions) => void,
): fc.Arbitrary<Item> {
    return words.map((spelling) => ({ words: spelling, apply }));
}

const sizes = fc.oneof(
    fc.nat(4 * MIB).map((bytes) => [String(bytes), Math.ceil(bytes / MIB)] as const),
    fc.nat(65536).map((mib) => [`${mib}m`, mib] as const),
    fc.nat(64).map((gib) => [`${gib}G`, gib * 1024] as const),
    fc.nat(65536).map((kib) => [`${kib}kb`, Math.ceil(kib / 1024)] as const),
);

const items: fc.Arbitrary<Item> = fc.oneof(
    fc.tuple(fc.stringMatching(/^[A-Za-z_]\w{0,8}$/), anyText).chain(([name, value]) =>
        item(spelt("env", `${name}=${value}`, "e"), (s) => {
            (s.envs ??= []).push(`${name}=${value}`);
        }),
    ),
    fc.tuple(keyText, anyText).chain(([key, value]) =>
        item(spelt("label", `${key}=${value}`), (s) => {
            const others = (s.labels ?? []).filter((known) => known.label !== key);
            const index = (s.labels ?? []).findIndex((known) => known.label === key);

            others.splice(index < 0 ? others.length : index, 0, { label: key, value });
            s.labels = others;
        }),
    ),
    fc.tuple(keyText, anyText).chain(([key, value]) =>
        item(spelt("log-opt", `${key}=${value}`), (s) => {
            s.logOpts = { ...s.logOpts, [key]: value };
        }),
    ),
    someText.chain((capability) =>
        item(spelt("cap-add", capability), (s) => {
            s.capabilities = {
                ...s.capabilities,
                adds: [...(s.capabilities?.adds ?? []), capability],
            };
        }),
    ),
    someText.chain((option) =>
        item(spelt("security-opt", option), (s) => {
            s.securityOpts = [...(s.securityOpts ?? []), option];
        }),
    ),
    someText.chain((name) =>
        item(spelt("hostname", name), (s) => {
            s.hostname = name;
        }),
    ),
    anyText.chain((program) =>
        item(spelt("entrypoint", program), (s) => {
            s.entrypoints = [program];
        }),
    ),
    pathText.chain((path) =>
        item(spelt("workdir", path, "w"), (s) => {
            s.workingDir = path;
        }),
    ),
    sizes.chain(([written, mib]) =>
        item(spelt("memory", written, "m"), (s) => {
            s.memory = mib;
        }),
    ),
    fc.boolean().chain((on) =>
        item(
            fc.constantFrom([`--privileged=${on}`], [on ? "--privileged" : "--privileged=0"]),
            (s) => {
                s.privileged = on;
            },
        ),
    ),
    fc
        .record({
            internal: fc.integer({ min: 1, max: 65535 }),
            external: fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
            protocol: fc.option(fc.constantFrom("tcp", "udp", "sctp"), { nil: undefined }),
        })
        .chain((port) => {
            const host = port.external === undefined ? "" : `${port.external}:`;
            const suffix = port.protocol === undefined ? "" : `/${port.protocol}`;
            const written = `${host}${port.internal}${suffix}`;
            const expected = {
                internal: port.internal,
                ...(port.external === undefined ? {} : { external: port.external }),
                ...(port.protocol === undefined ? {} : { protocol: port.protocol }),
            };

            return item(spelt("publish", written, "p"), (s) => {
                (s.ports ??= []).push(expected);
            });
        }),
    fc
        .tuple(pathText, pathText, fc.option(fc.boolean(), { nil: undefined }))
        .chain(([hostPath, containerPath, readOnly]) => {
            const mode = readOnly === undefined ? "" : readOnly ? ":ro" : ":rw";
            const written = `${hostPath}:${containerPath}${mode}`;

            return item(spelt("volume", written, "v"), (s) => {
                (s.volumes ??= []).push(
                    readOnly === undefined
                        ? { hostPath, containerPath }
                        : { hostPath, containerPath, readOnly },
                );
            });
        }),
);

/** Quotes a word for a POSIX shell, in one of the ways a person might. */
function quoted(word: string, style: number): string {
    if (style === 0 && /^[\w@%+=:,./-]+$/.test(word)) {
        return word;
    }
    if (style === 1 && !word.includes("`")) {
        return `"${word.replace(/["\\$]/g, "\\$&")}"`;
    }

    return `'${word.replaceAll("'", "'\\''")}'`;
}

describe("quoted flags", () => {
    it("read back as the settings of the flags themselves", () => {
        fc.assert(
            fc.property(
                fc.array(items, { maxLength: 8 }),
                fc.array(fc.nat(2), { minLength: 16, maxLength: 16 }),
                fc.constantFrom(" ", "  ", "\t", "\n"),
                (flags, styles, gap) => {
                    const words = flags.flatMap((flag) => flag.words);
                    const text = words.map((word, index) => quoted(word, styles[index])).join(gap);
                    const expected: RunOptions = {};

                    flags.forEach((flag) => flag.apply(expected));

                    assert.deepEqual(parseRunOptions(text, FIELD), expected);
                },
            ),
        );
    });
});
