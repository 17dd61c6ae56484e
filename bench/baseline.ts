import * as fs from "node:fs";

import * as command from "@pulumi/command";
import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";

import {
    dockerHostUrl,
    dockerSshOptions,
    loginInput,
    loginScript,
    logoutScript,
    pullScript,
} from "../host";
import { Plan, PlannedNode } from "./fixtures";

/** Resources the baseline declares per node: login, pull, docker provider, container. */
export const BASELINE_PER_NODE = 4;

/**
 * Declares, as a hand-written program would, the custom resources the project's program
 * declares: the same names, inputs, secrets and ordering, but with no component resources
 * around them and no checks of the input.
 */
export function declareBaseline(planFile: string): void {
    const plan = JSON.parse(fs.readFileSync(planFile, "utf8")) as Plan;
    const privateKey = pulumi.secret(fs.readFileSync(plan.privateKeyPath, "utf8"));
    const stdin = pulumi.secret(loginInput(plan.username, plan.password));

    for (const node of plan.nodes) {
        declareNode(plan, node, privateKey, stdin);
    }
}

function declareNode(
    plan: Plan,
    node: PlannedNode,
    privateKey: pulumi.Output<string>,
    stdin: pulumi.Output<string>,
): void {
    const target = {
        host: node.host,
        port: 22,
        user: plan.sshUser,
        privateKeyPath: plan.privateKeyPath,
    };
    const connection = { host: node.host, port: 22, user: plan.sshUser, privateKey };
    const script = loginScript(plan.loginServer, `${node.name} (${plan.sshUser}@${node.host}:22)`);

    const login = new command.remote.Command(`${node.name}-login`, {
        create: script,
        update: script,
        delete: logoutScript(plan.loginServer),
        stdin,
        triggers: [plan.loginServer],
        addPreviousOutputInEnv: false,
        connection,
    });
    const pull = new command.remote.Command(
        `${node.name}-pull`,
        { create: pullScript(node.image), addPreviousOutputInEnv: false, connection },
        { dependsOn: [login] },
    );

    const provider = new docker.Provider(`${node.name}-docker`, {
        host: dockerHostUrl(target),
        sshOpts: dockerSshOptions(target),
    });
    new docker.Container(
        `${node.name}-container`,
        {
            image: node.image,
            name: node.containerName,
            restart: "unless-stopped",
            networkMode: "host",
            init: node.init,
            mustRun: true,
        },
        { provider, dependsOn: [pull], deleteBeforeReplace: true },
    );
}
