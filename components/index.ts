/** pulumi-icm's public face: the components other Pulumi programs compose. */
export { RegistryCredentials, dockerConfigDocument } from "./registryCredentials";
export type { RegistryCredentialsArgs } from "./registryCredentials";
export { NodeDeployment } from "./nodeDeployment";
export type { NodeDeploymentArgs, SshConnectionArgs } from "./nodeDeployment";
export { defaultContainerName } from "./container";
export type { ContainerArgs, PortArgs, VolumeArgs } from "./container";
export { IcmCluster } from "./icmCluster";
export type { ClusterNodeArgs, IcmClusterArgs, NodeSummary, RoleImage } from "./icmCluster";
export type { ImageCheckOptions } from "./imageCheck";
