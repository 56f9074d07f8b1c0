import type { AwsContext } from '../context';
import { CLUSTER_VERSIONS } from './clusterVersions';
import { EksRequest, paginate } from './request';

export function describeClusterVersions(_ctx: AwsContext, req: EksRequest) {
  const wanted = req.query.getAll('clusterVersions');
  const defaultOnly = req.query.get('defaultOnly') === 'true';
  const status = req.query.get('versionStatus') ?? req.query.get('status');
  const versions = CLUSTER_VERSIONS.filter(
    v =>
      (wanted.length === 0 || wanted.includes(v.clusterVersion)) &&
      (!defaultOnly || v.defaultVersion) &&
      (!status || v.status === status),
  )
    .slice()
    .reverse()
    .map(v => ({
      clusterVersion: v.clusterVersion,
      clusterType: 'eks',
      defaultPlatformVersion: v.defaultPlatformVersion,
      defaultVersion: v.defaultVersion,
      releaseDate: Date.parse(v.releaseDate) / 1000,
      endOfStandardSupportDate: Date.parse(v.endOfStandardSupportDate) / 1000,
      endOfExtendedSupportDate: Date.parse(v.endOfExtendedSupportDate) / 1000,
      status: v.status,
      versionStatus: v.status,
      kubernetesPatchVersion: v.kubernetesPatchVersion,
    }));
  const { page, nextToken } = paginate(versions, req.query);
  return { clusterVersions: page, nextToken };
}
