/** Walks the words flag by flag, as docker run does, applying each to the settings. */
import { nearest } from "../fields";
import { FLAGS, flagNamed, SHORT, takesValue, type Flag } from "./flags";
import type { RunOptions } from "./types";
import { variableOf } from "./words";

const BOOLEANS = new Map([
    ...["1", "t", "T", "true", "TRUE", "True"].map((word) => [word, true] as const),
    ...["0", "f", "F", "false", "FALSE", "False"].map((word) => [word, false] as const),
]);

/** Reads flags word by word, as docker run does, keeping every problem. */
export class FlagReader {
    readonly settings: RunOptions = {};
    readonly problems: string[] = [];
    private at = 0;
    /** The variable of the `--env` value just read, so that the next word is never quoted. */
    private envJustRead: string | undefined;
    /** The variable of the `--env` value right before the word being read, if any. */
    private afterEnv: string | undefined;

    constructor(
        private readonly words: readonly string[],
        private readonly field: string,
    ) {}

    /** Reads every word; stops at the first that is not a flag, as docker run does. */
    readAll(): void {
        for (let word = this.take(); word !== undefined; word = this.take()) {
            if (word === "--" || !word.startsWith("-") || word === "-") {
                this.positional(word);
                return;
            }

            if (word.startsWith("--")) {
                this.long(word);
            } else {
                this.short(word);
            }
        }
    }

    private take(): string | undefined {
        this.afterEnv = this.envJustRead;
        this.envJustRead = undefined;

        const word = this.words[this.at];
        this.at += 1;

        return word;
    }

    private long(word: string): void {
        const equals = word.indexOf("=");
        const written = equals < 0 ? word : word.slice(0, equals);
        const flag = flagNamed(written.slice(2));

        if (flag === undefined) {
            this.unknown(written, equals < 0);
        } else {
            this.use(flag, written, equals < 0 ? undefined : word.slice(equals + 1));
        }
    }

    /** A cluster of one-letter flags such as `-it`, the last of which may hold its value. */
    private short(word: string): void {
        const equals = word.indexOf("=");
        const written = equals < 0 ? word : word.slice(0, equals);
        const long = flagNamed(written.slice(1));

        if (long !== undefined) {
            this.problem(`${JSON.stringify(written)} has a single dash; write -${written}`);
            this.skipValue(long, equals >= 0);
            return;
        }

        for (let at = 1; at < word.length; at += 1) {
            const name = SHORT.get(word[at]);
            const flag = name === undefined ? undefined : flagNamed(name);
            const rest = word.slice(at + 1);

            if (name === undefined || flag === undefined) {
                this.unknown(`-${word[at]}`, rest === "");
                return;
            }

            const shown = `-${word[at]} (--${name})`;

            if (!takesValue(flag) && !rest.startsWith("=")) {
                this.use(flag, shown, undefined);
            } else {
                this.use(flag, shown, rest === "" ? undefined : rest.replace(/^=/, ""));
                return;
            }
        }
    }

    private use(flag: Flag, shown: string, inline: string | undefined): void {
        if (flag.takes === "refused") {
            this.problem(`${shown} ${flag.reason}`);
            this.skipValue(flag, inline !== undefined);
            return;
        }

        if (flag.takes === "switch") {
            const on = inline === undefined ? true : BOOLEANS.get(inline);

            if (on === undefined) {
                this.problem(
                    `${shown} takes only true or false after "="; write the flag alone to turn ` +
                        "it on, or with =false to turn it off",
                );
            } else {
                this.settings[flag.key] = on;
            }
            return;
        }

        const value = inline ?? this.take();

        if (value === undefined) {
            this.problem(`${shown} needs a value after it; give one, or remove the flag`);
            return;
        }

        const fault = flag.apply(this.settings, value);

        if (fault !== undefined) {
            this.problem(`${shown} ${fault}`);
        }
        if (flag.secret) {
            this.envJustRead = variableOf(value);
        }
    }

    private skipValue(flag: Flag, inline: boolean): void {
        if (takesValue(flag) && !inline) {
            this.take();
        }
    }

    private unknown(written: string, alone: boolean): void {
        if (this.afterEnv !== undefined) {
            this.problem(wordAfterEnv(this.afterEnv));
        } else {
            const guess = nearest(written.replace(/^-+/, ""), [...FLAGS.keys()]);
            const hint = guess === undefined ? "" : ` (did you mean --${guess}?)`;

            this.problem(
                `${JSON.stringify(written)} is not a docker run flag${hint}; check it against ` +
                    '"docker run --help", or remove it',
            );
        }

        // Whether an unknown flag takes a value is unknown; a next word without a dash is
        // taken to be its value rather than the image, so that later flags are still read.
        if (alone && !(this.words[this.at] ?? "-").startsWith("-")) {
            this.take();
        }
    }

    private positional(word: string): void {
        if (this.afterEnv !== undefined) {
            this.problem(wordAfterEnv(this.afterEnv));
        } else if (word === "--") {
            this.problem(
                '"--" ends the flags, and docker run would take the words after it for the ' +
                    "image and its command; remove it and what follows, as the image comes " +
                    "from DockerImage",
            );
        } else {
            this.problem(
                `${JSON.stringify(word)} is not a flag, and docker run would take it for the ` +
                    "image and the words after it for the command; remove it, as the image " +
                    "comes from DockerImage and a command from NodeDeployment's container.command",
            );
        }
    }

    private problem(message: string): void {
        this.problems.push(`${this.field}: ${message}`);
    }
}

function wordAfterEnv(variable: string): string {
    return (
        `the word after the value of --env ${variable} is not a docker run flag; if it is ` +
        `part of that value, put the whole ${variable}=value in single quotes, otherwise ` +
        "remove it"
    );
}
