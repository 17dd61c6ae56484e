/** The Container settings that `docker run` flags map onto, and how a flag applies its value. */

/** Settings of the docker provider's Container that `docker run` flags map onto. */
export interface RunOptions {
    /** `--cap-add`, `--cap-drop`: Linux capabilities. */
    capabilities?: { adds?: string[]; drops?: string[] };
    /** `--memory` (`-m`): memory limit in MiB, rounded up. */
    memory?: number;
    /** `--memory-swap`: memory plus swap in MiB, or -1 for unlimited swap. */
    memorySwap?: number;
    /** `--memory-reservation`: soft memory limit in MiB. */
    memoryReservation?: number;
    /** `--shm-size`: size of /dev/shm in MiB. */
    shmSize?: number;
    /** `--cpus`: how many CPUs, such as "1.5". */
    cpus?: string;
    /** `--cpu-shares` (`-c`): relative CPU weight. */
    cpuShares?: number;
    /** `--cpu-period`: CFS scheduler period in microseconds. */
    cpuPeriod?: number;
    /** `--cpu-quota`: CFS scheduler quota in microseconds per period. */
    cpuQuota?: number;
    /** `--cpuset-cpus`: the CPUs allowed, such as "0-1". */
    cpuSet?: string;
    /** `--ulimit name=soft[:hard]`; one entry per name. */
    ulimits?: { name: string; soft: number; hard: number }[];
    /** `--label` (`-l`) `key[=value]`; one entry per key. */
    labels?: { label: string; value: string }[];
    /** `--hostname` (`-h`). */
    hostname?: string;
    /** `--domainname`. */
    domainname?: string;
    /** `--user` (`-u`): `user[:group]`. */
    user?: string;
    /** `--workdir` (`-w`): an absolute path. */
    workingDir?: string;
    /** `--privileged`. */
    privileged?: boolean;
    /** `--read-only`: a read-only root file system. */
    readOnly?: boolean;
    /** `--init`: an init process as PID 1. */
    init?: boolean;
    /** `--publish-all` (`-P`). */
    publishAllPorts?: boolean;
    /** `--log-driver`. */
    logDriver?: string;
    /** `--log-opt key=value`. */
    logOpts?: Record<string, string>;
    /** `--env` (`-e`) `NAME=value`, in order; values may be secrets. */
    envs?: string[];
    /** `--volume` (`-v`) `[source:]path[:options]`; a source that is no path names a volume. */
    volumes?: {
        hostPath?: string;
        containerPath: string;
        readOnly?: boolean;
        volumeName?: string;
        selinuxRelabel?: string;
    }[];
    /** `--publish` (`-p`) `[ip:][hostPort:]port[/protocol]`. */
    ports?: { internal: number; external?: number; protocol?: string; ip?: string }[];
    /** `--entrypoint`: one program, replacing the image's entrypoint. */
    entrypoints?: string[];
    /** `--dns`: DNS server addresses. */
    dns?: string[];
    /** `--dns-option`. */
    dnsOpts?: string[];
    /** `--dns-search`. */
    dnsSearches?: string[];
    /** `--add-host name:ip`. */
    hosts?: { host: string; ip: string }[];
    /** `--security-opt`. */
    securityOpts?: string[];
    /** `--tmpfs path[:options]`: mount options by path. */
    tmpfs?: Record<string, string>;
    /** `--stop-timeout`, in seconds. */
    stopTimeout?: number;
    /** `--stop-signal`. */
    stopSignal?: string;
    /** `--restart`: no, always, unless-stopped or on-failure. */
    restart?: string;
    /** The retries of `--restart on-failure:N`. */
    maxRetryCount?: number;
    /** `--network` (`--net`). */
    networkMode?: string;
    /** `--sysctl name=value`. */
    sysctls?: Record<string, string>;
    /** `--device hostPath[:containerPath][:permissions]`. */
    devices?: { hostPath: string; containerPath?: string; permissions?: string }[];
    /** `--device-cgroup-rule`. */
    deviceCgroupRules?: string[];
    /** `--device-read-bps path:rate`, in bytes per second. */
    deviceReadBps?: { path: string; rate: number }[];
    /** `--device-write-bps path:rate`, in bytes per second. */
    deviceWriteBps?: { path: string; rate: number }[];
    /** `--device-read-iops path:rate`, in operations per second. */
    deviceReadIops?: { path: string; rate: number }[];
    /** `--device-write-iops path:rate`, in operations per second. */
    deviceWriteIops?: { path: string; rate: number }[];
    /** `--group-add`. */
    groupAdds?: string[];
    /** `--ipc`. */
    ipcMode?: string;
    /** `--pid`. */
    pidMode?: string;
    /** `--userns`. */
    usernsMode?: string;
    /** `--cgroupns`. */
    cgroupnsMode?: string;
    /** `--cgroup-parent`. */
    cgroupParent?: string;
    /** `--runtime`. */
    runtime?: string;
    /** `--storage-opt key=value`. */
    storageOpts?: Record<string, string>;
    /** `--gpus`. */
    gpus?: string;
    /** `--platform`. */
    platform?: string;
}

/** Applies a flag's value to the settings; returns why the value is refused, if it is. */
export type Apply = (settings: RunOptions, value: string) => string | undefined;

/** The keys of RunOptions whose values are of type T. */
export type KeyOf<T> = {
    [K in keyof RunOptions]-?: NonNullable<RunOptions[K]> extends T ? K : never;
}[keyof RunOptions];
