/** One Kubernetes version EKS offers, as DescribeClusterVersions describes it. */
export interface ClusterVersionInfo {
  clusterVersion: string;
  kubernetesPatchVersion: string;
  releaseDate: string;
  endOfStandardSupportDate: string;
  endOfExtendedSupportDate: string;
  status: 'STANDARD_SUPPORT' | 'EXTENDED_SUPPORT';
  defaultVersion: boolean;
  defaultPlatformVersion: string;
}

/** The Kubernetes versions the sandbox's EKS supports, oldest first. */
export const CLUSTER_VERSIONS: ClusterVersionInfo[] = [
  {
    clusterVersion: '1.30',
    kubernetesPatchVersion: '1.30.14',
    releaseDate: '2024-05-23',
    endOfStandardSupportDate: '2025-07-23',
    endOfExtendedSupportDate: '2026-07-23',
    status: 'EXTENDED_SUPPORT',
    defaultVersion: false,
    defaultPlatformVersion: 'eks.39',
  },
  {
    clusterVersion: '1.31',
    kubernetesPatchVersion: '1.31.13',
    releaseDate: '2024-09-26',
    endOfStandardSupportDate: '2025-11-26',
    endOfExtendedSupportDate: '2026-11-26',
    status: 'EXTENDED_SUPPORT',
    defaultVersion: false,
    defaultPlatformVersion: 'eks.35',
  },
  {
    clusterVersion: '1.32',
    kubernetesPatchVersion: '1.32.9',
    releaseDate: '2025-01-23',
    endOfStandardSupportDate: '2026-03-23',
    endOfExtendedSupportDate: '2027-03-23',
    status: 'EXTENDED_SUPPORT',
    defaultVersion: false,
    defaultPlatformVersion: 'eks.23',
  },
  {
    clusterVersion: '1.33',
    kubernetesPatchVersion: '1.33.5',
    releaseDate: '2025-05-29',
    endOfStandardSupportDate: '2026-07-29',
    endOfExtendedSupportDate: '2027-07-29',
    status: 'STANDARD_SUPPORT',
    defaultVersion: true,
    defaultPlatformVersion: 'eks.15',
  },
  {
    clusterVersion: '1.34',
    kubernetesPatchVersion: '1.34.1',
    releaseDate: '2025-10-02',
    endOfStandardSupportDate: '2026-12-02',
    endOfExtendedSupportDate: '2027-12-02',
    status: 'STANDARD_SUPPORT',
    defaultVersion: false,
    defaultPlatformVersion: 'eks.6',
  },
];

export const SUPPORTED_VERSIONS = CLUSTER_VERSIONS.map(v => v.clusterVersion);

export const DEFAULT_CLUSTER_VERSION = CLUSTER_VERSIONS.find(
  v => v.defaultVersion,
)!.clusterVersion;

export function versionInfo(version: string): ClusterVersionInfo | undefined {
  return CLUSTER_VERSIONS.find(v => v.clusterVersion === version);
}

/** The version after `version`, when EKS offers one. */
export function nextVersion(version: string): string | undefined {
  const i = SUPPORTED_VERSIONS.indexOf(version);
  return i >= 0 ? SUPPORTED_VERSIONS[i + 1] : undefined;
}
