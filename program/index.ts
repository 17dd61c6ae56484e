export { main } from "./main";
export { CONFIG_KEYS, readStackConfig, StackConfig } from "./stackConfig";
