export * from "./shell";
export * from "./scripts";
export * from "./ssh";
export * from "./address";
export * from "./knownHosts";
