import { isRecord, type PropertyMap } from "./secrets";

/** A container create call of the Engine API: the name query parameter and the JSON body. */
export interface ContainerCreateCall {
    name: string;
    platform?: string;
    body: PropertyMap;
}

/**
 * Container inputs the docker provider supports but the harness does not reproduce;
 * declaring one fails the step instead of silently doing less than the provider.
 */
const NOT_REPRODUCED = [
    "attach",
    "deviceRequests",
    "gpus",
    "logs",
    "networksAdvanced",
    "uploads",
    "wait",
];

/** Translates plain Container inputs into the create call the provider makes. */
export function containerCreateCall(inputs: PropertyMap): ContainerCreateCall {
    const f = new Fields(inputs);
    const missing = NOT_REPRODUCED.find(
        (key) => inputs[key] !== undefined && inputs[key] !== false,
    );
    if (missing !== undefined) {
        throw new Error(
            `${missing} is not reproduced by the test harness: remove it from the test`,
        );
    }

    const command = f.strings("command");
    if (command?.some((part) => part === "")) {
        throw new Error("values for command may not be empty");
    }

    const ports = f.records("ports") ?? [];
    const volumes = volumeBindings(f.records("volumes") ?? []);

    const config = compact({
        Image: f.string("image"),
        Hostname: f.string("hostname"),
        Domainname: f.string("domainname"),
        Tty: f.bool("tty"),
        OpenStdin: f.bool("stdinOpen"),
        StopSignal: f.string("stopSignal"),
        StopTimeout: f.number("stopTimeout"),
        Env: f.strings("envs"),
        Cmd: command,
        Entrypoint: f.strings("entrypoints"),
        User: f.string("user"),
        WorkingDir: f.string("workingDir"),
        ExposedPorts: ports.length > 0 ? exposedPorts(ports) : undefined,
        Volumes: Object.keys(volumes.paths).length > 0 ? volumes.paths : undefined,
        Labels: labels(f.records("labels")),
        Healthcheck: healthcheck(f.record("healthcheck")),
    });

    return {
        name: f.string("name") ?? "",
        platform: f.string("platform"),
        body: { ...config, HostConfig: hostConfig(f, ports, volumes) },
    };
}

/** The body of the Engine API's container update call for the in-place changes. */
export function containerUpdateBody(inputs: PropertyMap): PropertyMap {
    const f = new Fields(inputs);

    return compact({
        RestartPolicy: {
            Name: f.string("restart") ?? "no",
            MaximumRetryCount: f.number("maxRetryCount") ?? 0,
        },
        CpuShares: f.number("cpuShares") ?? 0,
        Memory: megabytes(f.number("memory")) ?? 0,
        MemoryReservation: megabytes(f.number("memoryReservation")) ?? 0,
        MemorySwap: swap(f.number("memorySwap")),
        CpusetCpus: f.string("cpuSet") ?? "",
        BlkioDeviceReadBps: throttles(f.records("deviceReadBps")),
        BlkioDeviceReadIOps: throttles(f.records("deviceReadIops")),
        BlkioDeviceWriteBps: throttles(f.records("deviceWriteBps")),
        BlkioDeviceWriteIOps: throttles(f.records("deviceWriteIops")),
    });
}

/** The registry host an image reference names; Docker Hub when it names none. */
export function imageRegistry(image: string): string {
    const first = image.split("/")[0];
    const named = image.includes("/") && (/[.:]/.test(first) || first === "localhost");
    return named ? first : "docker.io";
}

/** Parses a Go duration (`1m30s`, `500ms`) into nanoseconds. */
export function goDuration(text: string): number {
    const units: Record<string, number> = {
        ns: 1,
        us: 1e3,
        µs: 1e3,
        ms: 1e6,
        s: 1e9,
        m: 6e10,
        h: 3.6e12,
    };
    const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)];

    if (text === "0" || text === "") {
        return 0;
    }
    if (parts.map((p) => p[0]).join("") !== text) {
        throw new Error(`healthcheck duration "${text}" is malformed: write it like 30s or 1m30s`);
    }

    return Math.round(parts.reduce((sum, p) => sum + Number(p[1]) * units[p[2]], 0));
}

function hostConfig(
    f: Fields,
    ports: PropertyMap[],
    volumes: { binds: string[]; from: string[] },
): PropertyMap {
    const cpus = f.string("cpus");
    const capabilities = f.record("capabilities");

    return compact({
        Privileged: f.bool("privileged") ?? false,
        PublishAllPorts: f.bool("publishAllPorts") ?? false,
        RestartPolicy: {
            Name: f.string("restart") ?? "no",
            MaximumRetryCount: f.number("maxRetryCount") ?? 0,
        },
        Runtime: f.string("runtime"),
        Mounts: (f.records("mounts") ?? []).map(mount),
        AutoRemove: f.bool("rm") ?? false,
        ReadonlyRootfs: f.bool("readOnly") ?? false,
        LogConfig: compact({ Type: f.string("logDriver") ?? "", Config: f.stringMap("logOpts") }),
        Tmpfs: f.stringMap("tmpfs"),
        PortBindings: ports.length > 0 ? portBindings(ports) : undefined,
        ExtraHosts: f.records("hosts")?.map((h) => `${String(h.host)}:${String(h.ip)}`),
        Binds: volumes.binds.length > 0 ? volumes.binds : undefined,
        VolumesFrom: volumes.from.length > 0 ? volumes.from : undefined,
        Ulimits: f.records("ulimits")?.map((u) => ({ Name: u.name, Soft: u.soft, Hard: u.hard })),
        CapAdd: capabilities === undefined ? undefined : new Fields(capabilities).strings("adds"),
        CapDrop: capabilities === undefined ? undefined : new Fields(capabilities).strings("drops"),
        Devices: f.records("devices")?.map((d) => ({
            PathOnHost: d.hostPath,
            PathInContainer: d.containerPath ?? d.hostPath,
            CgroupPermissions: d.permissions ?? "rwm",
        })),
        BlkioDeviceReadBps: throttles(f.records("deviceReadBps")),
        BlkioDeviceReadIOps: throttles(f.records("deviceReadIops")),
        BlkioDeviceWriteBps: throttles(f.records("deviceWriteBps")),
        BlkioDeviceWriteIOps: throttles(f.records("deviceWriteIops")),
        Dns: f.strings("dns"),
        DnsOptions: f.strings("dnsOpts"),
        DnsSearch: f.strings("dnsSearches"),
        SecurityOpt: f.strings("securityOpts"),
        Memory: megabytes(f.number("memory")),
        MemoryReservation: megabytes(f.number("memoryReservation")),
        MemorySwap: swap(f.number("memorySwap")),
        ShmSize: megabytes(f.number("shmSize")),
        NanoCpus: cpus === undefined ? undefined : Math.round(Number(cpus) * 1e9),
        CpuPeriod: cpus === undefined ? f.number("cpuPeriod") : undefined,
        CpuQuota: cpus === undefined ? f.number("cpuQuota") : undefined,
        CpuShares: f.number("cpuShares"),
        CpusetCpus: f.string("cpuSet"),
        NetworkMode: f.string("networkMode"),
        UsernsMode: f.string("usernsMode"),
        PidMode: f.string("pidMode"),
        Sysctls: f.stringMap("sysctls"),
        IpcMode: f.string("ipcMode"),
        GroupAdd: f.strings("groupAdds"),
        CgroupnsMode: f.string("cgroupnsMode"),
        CgroupParent: f.string("cgroupParent"),
        // The provider always sends Init, so the daemon's own default never applies.
        Init: f.bool("init") ?? false,
        StorageOpt: f.stringMap("storageOpts"),
    });
}

function portKey(port: PropertyMap): string {
    const protocol = typeof port.protocol === "string" ? port.protocol : "tcp";
    return `${String(port.internal)}/${protocol}`;
}

function exposedPorts(ports: PropertyMap[]): PropertyMap {
    return Object.fromEntries(ports.map((p) => [portKey(p), {}]));
}

function portBindings(ports: PropertyMap[]): PropertyMap {
    const bindings: Record<string, PropertyMap[]> = {};

    for (const port of ports) {
        const binding = {
            HostIp: typeof port.ip === "string" ? port.ip : "0.0.0.0",
            HostPort: typeof port.external === "number" ? String(port.external) : "",
        };
        (bindings[portKey(port)] ??= []).push(binding);
    }

    return bindings;
}

function volumeBindings(volumes: PropertyMap[]): {
    paths: PropertyMap;
    binds: string[];
    from: string[];
} {
    const result = { paths: {} as PropertyMap, binds: [] as string[], from: [] as string[] };

    for (const [i, volume] of volumes.entries()) {
        const f = new Fields(volume);
        const containerPath = f.string("containerPath");
        const fromContainer = f.string("fromContainer");
        const source = f.string("hostPath") ?? f.string("volumeName");

        if (fromContainer !== undefined && containerPath !== undefined) {
            throw new Error(`volumes[${i}] names both fromContainer and containerPath: keep one`);
        }
        if (fromContainer !== undefined) {
            result.from.push(fromContainer);
            continue;
        }
        if (containerPath === undefined) {
            throw new Error(`volumes[${i}] has neither containerPath nor fromContainer: set one`);
        }

        result.paths[containerPath] = {};
        if (source !== undefined) {
            const relabel = f.string("selinuxRelabel");
            const mode = (f.bool("readOnly") ? "ro" : "rw") + (relabel ? `,${relabel}` : "");
            result.binds.push(`${source}:${containerPath}:${mode}`);
        }
    }

    return result;
}

function mount(raw: PropertyMap): PropertyMap {
    const f = new Fields(raw);
    const bind = f.record("bindOptions");
    const volume = f.record("volumeOptions");
    const tmpfs = f.record("tmpfsOptions");

    return compact({
        Type: f.string("type"),
        Target: f.string("target"),
        Source: f.string("source") ?? "",
        ReadOnly: f.bool("readOnly"),
        BindOptions: bind && compact({ Propagation: bind.propagation }),
        VolumeOptions:
            volume &&
            compact({
                NoCopy: volume.noCopy,
                Labels: labels(new Fields(volume).records("labels")),
                DriverConfig: compact({ Name: volume.driverName, Options: volume.driverOptions }),
            }),
        TmpfsOptions: tmpfs && compact({ SizeBytes: tmpfs.sizeBytes, Mode: tmpfs.mode }),
    });
}

function labels(list: PropertyMap[] | undefined): PropertyMap | undefined {
    return list && Object.fromEntries(list.map((l) => [String(l.label), String(l.value)]));
}

function healthcheck(raw: PropertyMap | undefined): PropertyMap | undefined {
    if (raw === undefined) {
        return undefined;
    }

    const f = new Fields(raw);
    const duration = (key: string) => goDuration(f.string(key) ?? "0s");

    return {
        Test: f.strings("tests") ?? [],
        Interval: duration("interval"),
        Timeout: duration("timeout"),
        StartPeriod: duration("startPeriod"),
        StartInterval: duration("startInterval"),
        Retries: f.number("retries") ?? 0,
    };
}

function throttles(list: PropertyMap[] | undefined): PropertyMap[] | undefined {
    return list?.map((t) => ({ Path: t.path, Rate: t.rate }));
}

function megabytes(value: number | undefined): number | undefined {
    return value === undefined ? undefined : value * 1024 * 1024;
}

function swap(value: number | undefined): number | undefined {
    return value !== undefined && value > 0 ? value * 1024 * 1024 : value;
}

/** Drops undefined members so the Engine API applies its own defaults. */
function compact(object: PropertyMap): PropertyMap {
    return Object.fromEntries(Object.entries(object).filter(([, v]) => v !== undefined));
}

/** Typed reads from plain inputs; a value of the wrong type reads as absent. */
class Fields {
    constructor(private readonly values: PropertyMap) {}

    string(key: string): string | undefined {
        const v = this.values[key];
        return typeof v === "string" ? v : undefined;
    }

    number(key: string): number | undefined {
        const v = this.values[key];
        return typeof v === "number" ? v : undefined;
    }

    bool(key: string): boolean | undefined {
        const v = this.values[key];
        return typeof v === "boolean" ? v : undefined;
    }

    strings(key: string): string[] | undefined {
        const v = this.values[key];
        return Array.isArray(v) ? v.map(String) : undefined;
    }

    record(key: string): PropertyMap | undefined {
        const v = this.values[key];
        return isRecord(v) ? v : undefined;
    }

    records(key: string): PropertyMap[] | undefined {
        const v = this.values[key];
        return Array.isArray(v) ? v.filter(isRecord) : undefined;
    }

    stringMap(key: string): Record<string, string> | undefined {
        const v = this.record(key);
        return v && Object.fromEntries(Object.entries(v).map(([k, x]) => [k, String(x)]));
    }
}
