/** A Docker Registry HTTP API v2 client that proves images exist. Pure: no Pulumi here. */
export type { RegistryAccess } from "./access";
export { RegistryClient, type RegistryClientOptions } from "./client";
export * from "./errors";
export type { ManifestInfo } from "./readManifest";
export { verifyImages, type ImageRequest } from "./verify";
export { MANIFEST_MEDIA_TYPES } from "./manifest";
export { parseWwwAuthenticate, ChallengeSyntaxError, type Challenge } from "./wwwAuthenticate";
