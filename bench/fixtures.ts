import * as fs from "node:fs";
import * as path from "node:path";

/** The registry every generated node logs in to; never contacted (images are not checked). */
const REGISTRY = "127.0.0.1:5443";
const LABEL = "Bench";
const TAG = "PERF";
const SSH_USER = "bench";
const REGISTRY_USER = "bench-deployer";
// Plain characters only, so ICM's unescaping leaves it as written in defaults.json.
const REGISTRY_PASSWORD = "bench-Passw0rd-placeholder";

/** The two roles nodes take in turn, each with the image and container its entry implies. */
const ROLES = [
    { role: "DM", image: "intersystems/iris:2024.1", container: "iris", init: false },
    { role: "WS", image: "intersystems/webgateway:2024.1", container: "webgateway", init: true },
] as const;

/** One node as the baseline declares it: everything the program would derive, written out. */
export interface PlannedNode {
    /** Resource name prefix, as the cluster names its node deployments. */
    readonly name: string;
    readonly host: string;
    readonly image: string;
    readonly containerName: string;
    readonly init: boolean;
}

/** What the baseline reads instead of the ICM files: settings shared by all nodes, and the nodes. */
export interface Plan {
    readonly loginServer: string;
    readonly sshUser: string;
    readonly privateKeyPath: string;
    readonly username: string;
    readonly password: string;
    readonly nodes: PlannedNode[];
}

/** The files of one generated cluster and the stack config that points the program at them. */
export interface Fixture {
    readonly nodes: number;
    readonly config: Record<string, string>;
    readonly planFile: string;
}

/**
 * Writes defaults.json, definitions.json, a dummy private key and the baseline's plan for
 * `nodes` hosts into `dir`. Hosts get distinct loopback addresses that nothing listens on.
 */
export function writeFixture(dir: string, nodes: number): Fixture {
    fs.mkdirSync(dir, { recursive: true });
    const keyFile = path.join(dir, "dummy_key");
    fs.writeFileSync(keyFile, "placeholder, never used: the mock monitor connects nowhere\n");

    const defaults = {
        Provider: "PreExisting",
        Label: LABEL,
        Tag: TAG,
        SSHUser: SSH_USER,
        SSHPrivateKey: keyFile,
        DockerRegistry: `https://${REGISTRY}`,
        DockerUsername: REGISTRY_USER,
        DockerPassword: REGISTRY_PASSWORD,
        DockerImage: ROLES[0].image,
    };
    const entries = Array.from({ length: nodes }, (_, index) => {
        const { role, image } = ROLES[index % ROLES.length];
        const entry = { Role: role, IPAddress: loopbackAddress(index) };

        return image === defaults.DockerImage ? entry : { ...entry, DockerImage: image };
    });

    const defaultsFile = path.join(dir, "defaults.json");
    const definitionsFile = path.join(dir, "definitions.json");
    const planFile = path.join(dir, "plan.json");
    fs.writeFileSync(defaultsFile, JSON.stringify(defaults, null, 4));
    fs.writeFileSync(definitionsFile, JSON.stringify(entries, null, 4));
    fs.writeFileSync(planFile, JSON.stringify(plan(nodes, keyFile)));

    return {
        nodes,
        planFile,
        config: {
            "icm:defaultsFile": defaultsFile,
            "icm:definitionsFile": definitionsFile,
            "icm:verifyImages": "false",
        },
    };
}

function plan(nodes: number, privateKeyPath: string): Plan {
    const counts = new Map<string, number>();
    const planned = Array.from({ length: nodes }, (_, index) => {
        const { role, image, container, init } = ROLES[index % ROLES.length];
        const number = (counts.get(role) ?? 0) + 1;
        counts.set(role, number);

        return {
            name: `icm-${LABEL}-${role}-${TAG}-${String(number).padStart(4, "0")}`,
            host: loopbackAddress(index),
            image: `${REGISTRY}/${image}`,
            containerName: container,
            init,
        };
    });

    return {
        loginServer: REGISTRY,
        sshUser: SSH_USER,
        privateKeyPath,
        username: REGISTRY_USER,
        password: REGISTRY_PASSWORD,
        nodes: planned,
    };
}

/** 127.20.x.y, y from 2 to 251: room for 64,000 hosts, none of them the usual 127.0.0.1. */
function loopbackAddress(index: number): string {
    return `127.20.${Math.floor(index / 250)}.${(index % 250) + 2}`;
}
