/** The field names ICM knows, its node roles, and suggestions for misspelt ones. */
import { closest, distance } from "fastest-levenshtein";

/**
 * Every field ICM's configuration files may hold, grouped as ICM's reference groups them.
 * A field listed here is accepted without a warning even when this project does not use it.
 * The list covers the common, PreExisting and cloud provider fields but not every field of
 * every ICM release; a missing one only costs a warning.
 */
const KNOWN: readonly string[] = [
    // general
    ...["Provider", "Label", "Tag", "Role", "Count", "StartCount", "LoadBalancer", "Home"],
    ...["LicenseDir", "LicenseKey", "Region", "Zone", "ZoneMap", "Namespace", "Mirror"],
    ...["MirrorMap", "ISCPassword", "ISCglobals", "UserCPF", "SystemMode", "Overlay"],
    ...["Containerless", "KitURL", "ApplicationPath", "AlternativeServers", "Monitor"],
    ...["MonitorPort", "WebGateway", "IAMImage", "SAMImage", "ProxyImage", "FileSystem"],
    // docker
    ...["DockerImage", "DockerRegistry", "DockerUsername", "DockerPassword", "DockerInit"],
    ...["DockerVersion", "DockerURL", "DockerStorageDriver", "DockerVolumeSize"],
    ...["DockerDeviceName", "DockerVolumeType"],
    // security
    ...["SSHUser", "SSHPassword", "SSHOnly", "SSHPublicKey", "SSHPrivateKey", "SSHPort"],
    ...["TLSKeyDir", "SSLConfig", "PrivateSubnet", "WeavePassword", "WeaveArgs"],
    ...["Credentials"],
    // ports
    ...["SuperServerPort", "WebServerPort", "LicenseServerPort", "ISCAgentPort"],
    ...["ForwardPort", "ForwardProtocol", "HealthCheckPort", "HealthCheckProtocol"],
    ...["HealthCheckPath"],
    // storage
    ...["DataVolumeSize", "WIJVolumeSize", "Journal1VolumeSize", "Journal2VolumeSize"],
    ...["OSVolumeSize", "DataMountPoint", "WIJMountPoint", "Journal1MountPoint"],
    ...["Journal2MountPoint", "DataDeviceName", "WIJDeviceName", "Journal1DeviceName"],
    ...["Journal2DeviceName", "DataVolumeType", "WIJVolumeType", "Journal1VolumeType"],
    ...["Journal2VolumeType", "OSVolumeType", "DataVolumeIOPS", "WIJVolumeIOPS"],
    ...["Journal1VolumeIOPS", "Journal2VolumeIOPS"],
    // PreExisting
    ...["IPAddress", "DNSName"],
    // AWS, GCP, Tencent
    ...["AMI", "InstanceType", "VPCId", "SubnetIds", "SubnetId", "ElasticIP", "Project"],
    ...["MachineType", "Image", "Network", "Subnet", "SecretID", "SecretKey", "ImageId"],
    ...["InstanceFamily"],
    // Azure
    ...["SubscriptionId", "TenantId", "ClientId", "ClientSecret", "UseMSI", "Location"],
    ...["LocationMap", "PublisherName", "Offer", "Sku", "Version", "CustomImage", "VMSize"],
    ...["AccountTier", "AccountReplicationType", "ResourceGroupName", "VirtualNetworkName"],
    ...["SubnetName"],
    // vSphere
    ...["Server", "VSphereUser", "VSpherePassword", "VCPU", "Memory", "DatacenterName"],
    ...["ComputeResource", "DataStore", "DatastoreCluster", "DNSServers", "DNSSuffixes"],
    ...["Domain", "NetworkInterface", "ResourcePool", "Template", "VM_Folder", "GuestID"],
];

const KNOWN_SET: ReadonlySet<string> = new Set(KNOWN);

/** ICM's node roles, as definitions.json writes them. */
export const ROLES: readonly string[] = [
    "DATA",
    "COMPUTE",
    "DM",
    "DS",
    "QS",
    "AM",
    "AR",
    "WS",
    "LB",
    "VM",
    "CN",
    "BH",
    "SAM",
];

/** True when ICM knows a field of this exact name (names are case-sensitive). */
export function isKnownField(name: string): boolean {
    return KNOWN_SET.has(name);
}

/** The known field nearest to a misspelt name, when one is near enough to be meant. */
export function suggestField(name: string): string | undefined {
    return nearest(name, KNOWN);
}

/** The candidate nearest to `value` ignoring case, or undefined when none is close. */
export function nearest(value: string, candidates: readonly string[]): string | undefined {
    const lower = value.toLowerCase();
    const lowered = candidates.map((candidate) => candidate.toLowerCase());
    const best = closest(lower, lowered);
    const allowed = Math.min(3, Math.floor(lower.length / 3));

    if (best === undefined || distance(lower, best) > allowed) {
        return undefined;
    }

    return candidates[lowered.indexOf(best)];
}
