/** pulumi-icm's public face: the components other Pulumi programs compose. */
export {
    RegistryCredentials,
    RegistryCredentialsArgs,
    dockerConfigDocument,
} from "./registryCredentials";
export {
    ContainerArgs,
    NodeDeployment,
    NodeDeploymentArgs,
    PortArgs,
    SshConnectionArgs,
    VolumeArgs,
    defaultContainerName,
} from "./nodeDeployment";
export { ClusterNodeArgs, IcmCluster, IcmClusterArgs, NodeSummary, RoleImage } from "./icmCluster";
export { ImageCheckOptions } from "./imageCheck";
