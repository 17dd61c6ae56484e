import { runProcess, type ProcessOutcome } from "./proc";
import { isRecord, revealMap, type PropertyMap } from "./secrets";
import { parseConnection, withSshLogin } from "./ssh";

/** Where a command's diagnostics go: each line is tied to the command's resource. */
export type CommandLog = (
    severity: "info" | "warning",
    message: string,
    ephemeral: boolean,
) => void;

/** The outputs a command provider keeps in state besides its inputs. */
export interface CommandOutputs {
    stdout: string;
    stderr: string;
}

/** Which script a provider operation runs, and with what it ran before. */
export interface CommandRun {
    /** The remote.Command or local.Command inputs, secrets still wrapped. */
    inputs: PropertyMap;
    script: string;
    /** Outputs of the previous create or update, offered to the script as the provider does. */
    previous?: CommandOutputs;
    log: CommandLog;
}

/** Runs a remote.Command script over ssh, as the command provider does over its ssh connection. */
export async function runRemote(
    run: CommandRun,
    knownHostsFile: string | undefined,
): Promise<CommandOutputs> {
    const plain = revealMap(run.inputs);
    const connection = parseConnection(plain.connection, "connection");

    if (isRecord(plain.environment) && Object.keys(plain.environment).length > 0) {
        // The test hosts' sshd accepts no environment variables, so the provider fails here.
        const [name] = Object.keys(plain.environment);
        throw new Error(
            `could not set environment variable "${name}": the host refused it; ` +
                "pass values on stdin or inside the script instead",
        );
    }

    warnAboutPreviousOutputs(plain, run);

    return withSshLogin(connection, knownHostsFile, async (login) => {
        const outcome = await runProcess("ssh", [...login.args, run.script], {
            stdin: stdinOf(plain),
            onLine: lineLogger(plain, run.log),
        });

        const failure = outcome.code === 255 ? await login.diagnostics() : "";
        if (failure !== "") {
            const target = `${connection.user}@${connection.host}:${connection.port}`;
            throw new Error(`dial ${target}: ${failure}`);
        }

        return outputsOf(outcome, run.script);
    });
}

/** Runs a local.Command script, as the command provider does on the machine running Pulumi. */
export async function runLocal(run: CommandRun): Promise<CommandOutputs> {
    const plain = revealMap(run.inputs);

    const unsupported = ["assetPaths", "archivePaths"].find((key) => plain[key] !== undefined);
    if (unsupported !== undefined) {
        throw new Error(`${unsupported} is not supported by the test harness: remove it`);
    }

    const interpreter =
        Array.isArray(plain.interpreter) && plain.interpreter.length > 0
            ? plain.interpreter.map(String)
            : ["/bin/sh", "-c"];
    const env: NodeJS.ProcessEnv = { ...process.env };

    if (isRecord(plain.environment)) {
        for (const [key, value] of Object.entries(plain.environment)) {
            env[key] = String(value);
        }
    }

    if (plain.addPreviousOutputInEnv !== false && run.previous !== undefined) {
        if (run.previous.stdout !== "") {
            env.PULUMI_COMMAND_STDOUT = run.previous.stdout;
        }
        if (run.previous.stderr !== "") {
            env.PULUMI_COMMAND_STDERR = run.previous.stderr;
        }
    }

    const [file, ...args] = [...interpreter, run.script];
    const outcome = await runProcess(file, args, {
        stdin: stdinOf(plain),
        env,
        cwd: typeof plain.dir === "string" ? plain.dir : process.cwd(),
        onLine: lineLogger(plain, run.log),
    });

    return outputsOf(outcome, run.script);
}

/** Quotes a string the way Go's `%q` does for the texts scripts contain. */
export function goQuote(text: string): string {
    return JSON.stringify(text).replace(/\\u00([0-7][0-9a-f])/g, "\\x$1");
}

function stdinOf(plain: PropertyMap): string | undefined {
    return typeof plain.stdin === "string" && plain.stdin !== "" ? plain.stdin : undefined;
}

function outputsOf(outcome: ProcessOutcome, script: string): CommandOutputs {
    if (outcome.code !== 0) {
        const status =
            outcome.code === null
                ? `signal ${outcome.signal ?? "unknown"}`
                : `status ${outcome.code}`;
        throw new Error(
            `Process exited with ${status}: running ${goQuote(script)}:\n${outcome.combined}`,
        );
    }

    return {
        stdout: outcome.stdout.replace(/\n$/, ""),
        stderr: outcome.stderr.replace(/\n$/, ""),
    };
}

function lineLogger(
    plain: PropertyMap,
    log: CommandLog,
): (line: string, stream: "stdout" | "stderr") => void {
    const logging = typeof plain.logging === "string" ? plain.logging : "stdoutAndStderr";

    return (line, stream) => {
        if (logging === "stdoutAndStderr" || logging === stream) {
            log("info", line, true);
        }
    };
}

function warnAboutPreviousOutputs(plain: PropertyMap, run: CommandRun): void {
    if (plain.addPreviousOutputInEnv === false || run.previous === undefined) {
        return;
    }

    for (const [name, value] of [
        ["PULUMI_COMMAND_STDOUT", run.previous.stdout],
        ["PULUMI_COMMAND_STDERR", run.previous.stderr],
    ]) {
        if (value !== "") {
            run.log(
                "warning",
                `Unable to set '${name}': the host accepts no environment variables ` +
                    "(sshd AcceptEnv); the script runs without it",
                false,
            );
        }
    }
}
