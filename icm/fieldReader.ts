/**
 * Reads typed fields out of one parsed JSON object, recording a problem for each wrong type
 * and a warning for each unknown field. Messages show a value only when a value check
 * (see checks.ts) chooses to; type problems name the JSON type found, never the value.
 */
import { Findings } from "./errors";
import { isKnownField, suggestField } from "./fields";

/** Returns the reason a value is unacceptable, or undefined when it is fine. */
export type ValueCheck = (value: string, label: string) => string | undefined;

/** How a field of one object is labelled in messages, e.g. "definitions.json[2].Role". */
export type FieldLabel = (field: string) => string;

/** A JSON object from an ICM file and the means to read its fields. */
export class FieldReader {
    constructor(
        private readonly raw: Readonly<Record<string, unknown>>,
        readonly label: FieldLabel,
        private readonly findings: Findings,
    ) {}

    /** True when the field is present and not null. */
    has(field: string): boolean {
        return this.raw[field] !== undefined && this.raw[field] !== null;
    }

    /** A non-empty string field, checked by `check` when given. */
    string(field: string, check?: ValueCheck): string | undefined {
        const value = this.raw[field];

        if (value === undefined || value === null) {
            return undefined;
        }

        if (typeof value !== "string") {
            return this.wrongType(
                field,
                "text in double quotes",
                "put the value in double quotes",
                value,
            );
        }

        if (value === "") {
            return this.reject(field, "is empty; give a value or remove the field");
        }

        const reason = check?.(value, this.label(field));

        return reason === undefined ? value : this.reject(field, reason);
    }

    /** A boolean field; "true" and "false" in quotes count too, as ICM's samples write them. */
    boolean(field: string): boolean | undefined {
        const value = this.raw[field];

        if (value === undefined || value === null || typeof value === "boolean") {
            return value ?? undefined;
        }

        if (typeof value === "string" && /^(true|false)$/i.test(value)) {
            return value.toLowerCase() === "true";
        }

        return this.wrongType(field, "true or false", "write true or false", value);
    }

    /** A whole-number field; digits in quotes count too, as ICM's samples write them. */
    integer(field: string): number | undefined {
        const value = this.raw[field];

        if (value === undefined || value === null) {
            return undefined;
        }

        if (typeof value === "number" && Number.isInteger(value)) {
            return value;
        }

        if (typeof value === "string" && /^\d+$/.test(value)) {
            return Number(value);
        }

        return this.wrongType(field, "a whole number", "write a number such as 1", value);
    }

    /** Records a problem for a field; returns undefined for the caller to pass on. */
    reject(field: string, reason: string): undefined {
        this.findings.problem(`${this.label(field)}: ${reason}`);
        return undefined;
    }

    /** Warns about every field ICM does not know, with the nearest known name. */
    warnUnknownFields(): void {
        for (const field of Object.keys(this.raw)) {
            if (isKnownField(field)) {
                continue;
            }

            const suggestion = suggestField(field);
            const hint =
                suggestion === undefined
                    ? "; check its spelling (field names are case-sensitive)"
                    : `. Did you mean ${JSON.stringify(suggestion)}?`;

            this.findings.warn(`${this.label(field)}: not an ICM field, so it is ignored${hint}`);
        }
    }

    private wrongType(field: string, wanted: string, fix: string, value: unknown): undefined {
        return this.reject(field, `must be ${wanted}, found ${jsonType(value)}; ${fix}`);
    }
}

/** The JSON type of a parsed value, in words, e.g. "a number" or "an array". */
export function jsonType(value: unknown): string {
    if (value === null) {
        return "null";
    }

    if (Array.isArray(value)) {
        return "an array";
    }

    if (typeof value === "string") {
        return "text";
    }

    if (typeof value === "boolean") {
        return value ? "true" : "false";
    }

    return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

/** True for a JSON object (not an array, not null). */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The object without its undefined fields, so that absent fields are absent keys. */
export function compact<T extends object>(value: T): T {
    const present = Object.entries(value).filter(([, field]) => field !== undefined);

    // Dropping undefined optional fields leaves a value of the same type.
    return Object.fromEntries(present) as T;
}
