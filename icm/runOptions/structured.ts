/** Parsers of the values with a shape of their own: env, ports, volumes, devices, ulimits. */
import { isIP } from "node:net";

import type { RunOptions } from "./types";
import { put, replaceOrAdd, wholeOf } from "./values";

const ULIMITS: readonly string[] = [
    ...["core", "cpu", "data", "fsize", "locks", "memlock", "msgqueue", "nice", "nofile"],
    ...["nproc", "rss", "rtprio", "rttime", "sigpending", "stack"],
];

const CPUS = /^(?:\d+(?:\.\d*)?|\.\d+)$/;
const VOLUME_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]+$/;
const PERMISSIONS = /^[rwm]{1,3}$/;
const RESTART = /^(no|always|unless-stopped|on-failure)(?::(\d+))?$/;
const ULIMIT = /^([^=]+)=(-?\d+)(?::(-?\d+))?$/;
const HOST_ENTRY = /^([^:=]+)[:=](.+)$/;

/** `--entrypoint`: the one program that replaces the image's entrypoint. */
export function entrypoint(settings: RunOptions, program: string): undefined {
    settings.entrypoints = [program];

    return undefined;
}

/** `--env NAME=value`; no message shows the value, which may be a secret. */
export function env(settings: RunOptions, value: string): string | undefined {
    const equals = value.indexOf("=");

    if (equals < 0) {
        return (
            `${value} has no "=", so docker run would copy ${value} from the environment of ` +
            `the shell running it, which the deployment does not have; write ${value}=<value>`
        );
    }
    if (equals === 0) {
        return 'has an empty variable name before "="; write NAME=value';
    }

    (settings.envs ??= []).push(value);

    return undefined;
}

/** `--label key[=value]`; a repeated key wins. */
export function label(settings: RunOptions, value: string): string | undefined {
    const equals = value.indexOf("=");
    const name = equals < 0 ? value : value.slice(0, equals);

    if (name === "") {
        return `${JSON.stringify(value)} has an empty label name; write key=value`;
    }

    const entry = { label: name, value: equals < 0 ? "" : value.slice(equals + 1) };

    replaceOrAdd((settings.labels ??= []), entry, (known) => known.label === name);

    return undefined;
}

/** `--cpus`: a number of CPUs above 0, kept in its shortest form. */
export function cpus(settings: RunOptions, value: string): string | undefined {
    if (!CPUS.test(value) || Number(value) <= 0) {
        return `${JSON.stringify(value)} is not a number of CPUs above 0; use one such as 1.5`;
    }

    settings.cpus = String(Number(value));

    return undefined;
}

/** `--restart policy[:retries]`; retries go only with on-failure. */
export function restart(settings: RunOptions, value: string): string | undefined {
    const match = RESTART.exec(value);

    if (!match || (match[2] !== undefined && match[1] !== "on-failure")) {
        return (
            `${JSON.stringify(value)} is not a restart policy; use no, always, ` +
            "unless-stopped or on-failure[:retries]"
        );
    }

    settings.restart = match[1];
    if (match[2] === undefined) {
        delete settings.maxRetryCount;
    } else {
        settings.maxRetryCount = Number(match[2]);
    }

    return undefined;
}

/** `--publish [ip:][hostPort:]port[/protocol]`. Known gap: port ranges are not read. */
export function publish(settings: RunOptions, value: string): string | undefined {
    const slash = value.lastIndexOf("/");
    const address = slash < 0 ? value : value.slice(0, slash);
    const protocol = slash < 0 ? undefined : value.slice(slash + 1);
    const bracketed = /^\[([^\]]*)\]:(.*)$/s.exec(address);
    const parts = bracketed ? [bracketed[1], ...bracketed[2].split(":")] : address.split(":");

    if (parts.some((part) => /^\d+-\d+$/.test(part))) {
        return (
            `${JSON.stringify(value)} publishes a range of ports, which is not read here; ` +
            "publish each port with its own --publish"
        );
    }

    const internal = wholeOf(parts[parts.length - 1], 1);
    const hostPort = parts.length > 1 ? parts[parts.length - 2] : "";
    const external = hostPort === "" ? undefined : wholeOf(hostPort, 1);
    const ip = parts.length === 3 ? parts[0] : undefined;
    const fits =
        parts.length <= 3 &&
        (bracketed === null || parts.length === 3) &&
        internal !== undefined &&
        internal <= 65535 &&
        (hostPort === "" || (external !== undefined && external <= 65535)) &&
        (ip === undefined || ip === "" || isIP(ip) !== 0) &&
        (protocol === undefined || ["tcp", "udp", "sctp"].includes(protocol));

    if (!fits || internal === undefined) {
        return (
            `${JSON.stringify(value)} is not a port to publish; use ` +
            "[ip:][hostPort:]port[/tcp|udp|sctp] with ports from 1 to 65535, such as 8080:80"
        );
    }

    (settings.ports ??= []).push({
        internal,
        ...(external === undefined ? {} : { external }),
        ...(protocol === undefined ? {} : { protocol }),
        ...(ip === undefined || ip === "" ? {} : { ip }),
    });

    return undefined;
}

/** `--volume [source:]path[:options]`; a source that is no path names a volume. */
export function volume(settings: RunOptions, value: string): string | undefined {
    const parts = value.split(":");
    const [source, path, options] = parts.length === 1 ? [undefined, value] : parts;
    const shape = "use [source:]path[:ro|rw|z|Z], such as /srv/data:/data:ro";

    if (parts.length > 3 || parts.includes("") || path === undefined) {
        return `${JSON.stringify(value)} is not a volume; ${shape}`;
    }
    if (!path.startsWith("/")) {
        const where = `mounts at ${JSON.stringify(path)}, which is not an absolute path`;

        return `${JSON.stringify(value)} ${where}; ${shape}`;
    }
    if (source !== undefined && !source.startsWith("/") && !VOLUME_NAME.test(source)) {
        return (
            `${JSON.stringify(value)} mounts ${JSON.stringify(source)}, which is neither an ` +
            "absolute host path nor a volume name; " +
            shape
        );
    }

    const mount: NonNullable<RunOptions["volumes"]>[number] = { containerPath: path };

    if (source !== undefined) {
        mount[source.startsWith("/") ? "hostPath" : "volumeName"] = source;
    }
    for (const option of options?.split(",") ?? []) {
        if (option === "ro" || option === "rw") {
            mount.readOnly = option === "ro";
        } else if (option === "z" || option === "Z") {
            mount.selinuxRelabel = option;
        } else {
            return (
                `${JSON.stringify(value)} has the option ${JSON.stringify(option)}, which the ` +
                "docker provider's volumes do not take; use ro, rw, z or Z"
            );
        }
    }

    (settings.volumes ??= []).push(mount);

    return undefined;
}

/** `--tmpfs path[:options]`; a repeated path wins. */
export function tmpfs(settings: RunOptions, value: string): string | undefined {
    const colon = value.indexOf(":");
    const path = colon < 0 ? value : value.slice(0, colon);

    if (!path.startsWith("/")) {
        return `${JSON.stringify(value)} does not start with an absolute path; start it with /`;
    }

    put((settings.tmpfs ??= {}), path, colon < 0 ? "" : value.slice(colon + 1));

    return undefined;
}

/** `--device hostPath[:containerPath][:permissions]`. */
export function device(settings: RunOptions, value: string): string | undefined {
    const parts = value.split(":");
    const last = parts[parts.length - 1];
    const permissions = parts.length > 1 && PERMISSIONS.test(last) ? parts.pop() : undefined;
    const [hostPath, containerPath] = parts;

    if (parts.length > 2 || !hostPath.startsWith("/") || containerPath?.startsWith("/") === false) {
        return (
            `${JSON.stringify(value)} is not a device; use hostPath[:containerPath]` +
            "[:permissions] with absolute paths and permissions of r, w and m, such as /dev/fuse"
        );
    }

    (settings.devices ??= []).push({
        hostPath,
        ...(containerPath === undefined ? {} : { containerPath }),
        ...(permissions === undefined ? {} : { permissions }),
    });

    return undefined;
}

/** `--ulimit name=soft[:hard]`; a repeated name wins. */
export function ulimit(settings: RunOptions, value: string): string | undefined {
    const match = ULIMIT.exec(value);

    if (!match) {
        return `${JSON.stringify(value)} is not a ulimit; use name=soft[:hard], such as nofile=1024:4096`;
    }

    const [, name, softText, hardText] = match;
    const soft = Number(softText);
    const hard = hardText === undefined ? soft : Number(hardText);

    if (!ULIMITS.includes(name)) {
        return `${JSON.stringify(value)} names no ulimit; use one of ${ULIMITS.join(", ")}`;
    }
    if (soft > hard) {
        return `${JSON.stringify(value)} has a soft limit above its hard limit; lower the soft one`;
    }

    replaceOrAdd((settings.ulimits ??= []), { name, soft, hard }, (known) => known.name === name);

    return undefined;
}

/** `--add-host name:ip`, where ip may also be host-gateway. */
export function addHost(settings: RunOptions, value: string): string | undefined {
    const match = HOST_ENTRY.exec(value);
    const ip = match ? match[2].replace(/^\[(.*)\]$/, "$1") : "";

    if (!match || (isIP(ip) === 0 && ip !== "host-gateway")) {
        return `${JSON.stringify(value)} is not a host entry; use name:ip, such as db:10.0.0.5`;
    }

    (settings.hosts ??= []).push({ host: match[1], ip });

    return undefined;
}
