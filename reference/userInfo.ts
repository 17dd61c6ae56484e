/** Keeping user names and passwords that were pasted into a host or reference out of messages. */

/** Why a value holding user information is refused; the same words for hosts and references. */
export const USER_INFO_FAULT = `it holds a user name or password before "@"; give those as separate settings instead`;

/**
 * `value` with the text between its scheme (if any) and the "@" at index `at` replaced by
 * "***", so a message can show the rest.
 */
export function hideUserInfo(value: string, at: number): string {
    const scheme = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.exec(value)?.[0] ?? "";
    const start = Math.min(scheme.length, at);

    return `${value.slice(0, start)}***${value.slice(at)}`;
}
