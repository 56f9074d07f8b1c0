import {
  AddonVersionsResponse,
  KubernetesVersionsResponse,
} from '@backstage-eks/plugin-eks-common';

export const kubernetesVersions: KubernetesVersionsResponse = {
  versions: [
    {
      version: '1.34',
      default: false,
      status: 'STANDARD_SUPPORT',
      endOfStandardSupport: '2027-12-02T00:00:00.000Z',
      endOfExtendedSupport: '2028-12-02T00:00:00.000Z',
    },
    {
      version: '1.33',
      default: true,
      status: 'STANDARD_SUPPORT',
      endOfStandardSupport: '2027-07-29T00:00:00.000Z',
      endOfExtendedSupport: '2028-07-29T00:00:00.000Z',
    },
    { version: '1.32', default: false, status: 'STANDARD_SUPPORT' },
    {
      version: '1.29',
      default: false,
      status: 'EXTENDED_SUPPORT',
      endOfStandardSupport: '2025-03-23T00:00:00.000Z',
      endOfExtendedSupport: '2026-03-23T00:00:00.000Z',
    },
  ],
};

export const addonVersions133: AddonVersionsResponse = {
  kubernetesVersion: '1.33',
  addons: [
    {
      name: 'vpc-cni',
      type: 'networking',
      publisher: 'eks',
      owner: 'aws',
      versions: [
        { version: 'v1.20.4-eksbuild.1', default: false },
        { version: 'v1.20.1-eksbuild.1', default: true },
      ],
    },
    {
      name: 'external-dns',
      type: 'networking',
      publisher: 'kubernetes-sigs',
      owner: 'community',
      versions: [
        {
          version: 'v0.19.0-eksbuild.2',
          default: true,
          requiresIamPermissions: true,
        },
      ],
    },
    {
      name: 'coredns',
      type: 'networking',
      publisher: 'eks',
      owner: 'aws',
      versions: [
        { version: 'v1.12.4-eksbuild.1', default: false },
        { version: 'v1.12.1-eksbuild.2', default: true },
      ],
    },
  ],
};
