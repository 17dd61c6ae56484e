/** ICM's files, the escaping of their passwords, and the precedence of Docker settings. */
export { IcmConfigError } from "./errors";
export { isKnownField, ROLES } from "./fields";
export { parseDefaultsText, parseDefinitionsText, readIcmFiles } from "./files";
export type { IcmFilePaths, IcmFiles } from "./files";
export { isIrisImage } from "./imageSettings";
export { DEFAULT_LABEL, DEFAULT_TAG, nodeNames } from "./nodeNames";
export { escapeIcmPassword, unescapeIcmPassword } from "./password";
export { parseRunOptions, RunOptionsError, type RunOptions } from "./runOptions";
export { resolveSettings } from "./settings";
export type {
    NodeSettings,
    RegistrySettings,
    ResolvedSettings,
    SettingsSources,
    Sourced,
    StackValues,
} from "./settingsTypes";
export type { IcmDefaults, IcmDefaultsFile, IcmDefinition, IcmDefinitionsFile } from "./types";
