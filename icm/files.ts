/** Reading ICM's defaults.json and definitions.json from disk or from text. */
import { readFile } from "node:fs/promises";
import { readDefaults } from "./defaultsFile";
import { readDefinitions } from "./definitionsFile";
import { Findings } from "./errors";
import { findJsonFault } from "./jsonSyntax";
import { IcmDefaultsFile, IcmDefinitionsFile } from "./types";

/** Where the two ICM files are; either may be absent. Relative paths start at the cwd. */
export interface IcmFilePaths {
    /** Path of defaults.json; stack config key `icm:defaultsFile`. */
    readonly defaultsFile?: string;
    /** Path of definitions.json; stack config key `icm:definitionsFile`. */
    readonly definitionsFile?: string;
}

/** The ICM files read and validated, each with its own warnings; fits `SettingsSources`. */
export interface IcmFiles {
    readonly defaults?: IcmDefaultsFile;
    readonly definitions?: IcmDefinitionsFile;
}

type Reader<T> = (parsed: unknown, file: string, findings: Findings) => T;

/** A parsed file before it takes the shape its kind has. */
interface Parsed<T> {
    readonly file: string;
    readonly values: T;
    readonly warnings: readonly string[];
}

/**
 * Reads and validates both files, then throws one `IcmConfigError` listing every problem of
 * either file (unreadable, bad JSON, wrong shape or types), if there is any.
 */
export async function readIcmFiles(paths: IcmFilePaths): Promise<IcmFiles> {
    const findings = new Findings();
    const [defaultsText, definitionsText] = await Promise.all([
        readText(paths.defaultsFile, "icm:defaultsFile", findings),
        readText(paths.definitionsFile, "icm:definitionsFile", findings),
    ]);

    const defaults = parseText(defaultsText, paths.defaultsFile, readDefaults, findings);
    const definitions = parseText(
        definitionsText,
        paths.definitionsFile,
        readDefinitions,
        findings,
    );
    findings.throwIfFailed();

    return { defaults, definitions: definitions && asDefinitions(definitions) };
}

/** Validates defaults.json given as text; throws an `IcmConfigError` with every problem. */
export function parseDefaultsText(text: string, file: string): IcmDefaultsFile {
    return parseOne(text, file, readDefaults);
}

/** Validates definitions.json given as text; throws an `IcmConfigError` with every problem. */
export function parseDefinitionsText(text: string, file: string): IcmDefinitionsFile {
    return asDefinitions(parseOne(text, file, readDefinitions));
}

function asDefinitions(parsed: Parsed<IcmDefinitionsFile["entries"]>): IcmDefinitionsFile {
    return { file: parsed.file, entries: parsed.values, warnings: parsed.warnings };
}

function parseOne<T>(text: string, file: string, reader: Reader<T>): Parsed<T> {
    const findings = new Findings();
    const parsed = parseText(text, file, reader, findings);
    findings.throwIfFailed();

    // A file without problems always yields a value.
    return parsed as Parsed<T>;
}

async function readText(
    path: string | undefined,
    key: string,
    findings: Findings,
): Promise<string | undefined> {
    if (path === undefined) {
        return undefined;
    }

    try {
        return await readFile(path, "utf8");
    } catch (error) {
        findings.problem(
            `${key}: cannot read ${JSON.stringify(path)}: ${readFault(error)}; check the path, ` +
                `or point to the file with "pulumi config set ${key} <path>"`,
        );
        return undefined;
    }
}

function readFault(error: unknown): string {
    const code = error instanceof Error && "code" in error ? String(error.code) : undefined;
    const faults: Record<string, string> = {
        ENOENT: "there is no such file",
        EACCES: "permission denied",
        EISDIR: "it is a directory, not a file",
        ENOTDIR: "a part of the path is not a directory",
    };

    return (code !== undefined && faults[code]) || `the system reported ${code ?? "an error"}`;
}

function parseText<T>(
    text: string | undefined,
    file: string | undefined,
    reader: Reader<T>,
    findings: Findings,
): Parsed<T> | undefined {
    if (text === undefined || file === undefined) {
        return undefined;
    }

    // Warnings stay with their file; problems join those of the other file.
    const own = new Findings();
    const parsed = parseJson(text, file, own);
    const values = parsed.ok ? reader(parsed.value, file, own) : undefined;
    own.problems.forEach((problem) => findings.problem(problem));

    return values === undefined ? undefined : { file, values, warnings: own.warnings };
}

function parseJson(
    text: string,
    file: string,
    findings: Findings,
): { ok: true; value: unknown } | { ok: false } {
    const body = text.replace(/^\uFEFF/, "");

    if (body.trim() === "") {
        findings.problem(`${file}: is empty; write the ICM fields in it as JSON`);
        return { ok: false };
    }

    try {
        return { ok: true, value: JSON.parse(body) };
    } catch {
        // JSON.parse's message quotes the text, which may hold a password: never show it.
        const fault = findJsonFault(body);
        const where = fault === undefined ? "" : ` at line ${fault.line}, column ${fault.column}`;
        const why = fault === undefined ? "check it with a JSON validator" : fault.reason;

        findings.problem(`${file}: is not valid JSON${where}: ${why}`);
        return { ok: false };
    }
}
