/** Image references and registry host names, by Docker's rules. Pure: no Pulumi here. */
export * from "./errors";
export * from "./parse";
export * from "./registryHost";
export * from "./resolve";
export { DIGEST_LENGTHS, NAME_MAX, TAG_MAX } from "./grammar";
export { isLoopbackHost } from "./loopback";
