/**
 * A parsed EKS cluster ARN: `arn:<partition>:eks:<region>:<account>:cluster/<name>`.
 *
 * @public
 */
export interface EksClusterRef {
  partition: string;
  region: string;
  accountId: string;
  clusterName: string;
  arn: string;
}

const CLUSTER_ARN =
  /^arn:(aws|aws-cn|aws-us-gov|aws-iso|aws-iso-b|aws-iso-e|aws-iso-f|aws-eusc):eks:([a-z]{2}(?:-[a-z]+)+-\d):(\d{12}):cluster\/([0-9A-Za-z][A-Za-z0-9_-]{0,99})$/;

/**
 * Parses an EKS cluster ARN, or returns undefined when the string is not one
 * (including when its region is not in its partition).
 *
 * @public
 */
export function parseEksClusterArn(arn: string): EksClusterRef | undefined {
  const m = CLUSTER_ARN.exec(arn.trim());
  if (!m) {
    return undefined;
  }
  const [, partition, region, accountId, clusterName] = m;
  if (partitionForRegion(region) !== partition) {
    return undefined;
  }
  return { partition, region, accountId, clusterName, arn: arn.trim() };
}

/**
 * The AWS partition a region belongs to.
 *
 * @public
 */
export function partitionForRegion(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('eusc-')) return 'aws-eusc';
  if (region.startsWith('us-isob-')) return 'aws-iso-b';
  if (region.startsWith('eu-isoe-')) return 'aws-iso-e';
  if (region.startsWith('us-isof-')) return 'aws-iso-f';
  if (region.startsWith('us-iso-')) return 'aws-iso';
  return 'aws';
}

/**
 * Builds the ARN of an EKS cluster.
 *
 * @public
 */
export function formatEksClusterArn(
  ref: Omit<EksClusterRef, 'arn' | 'partition'> & { partition?: string },
): string {
  const partition = ref.partition ?? partitionForRegion(ref.region);
  return `arn:${partition}:eks:${ref.region}:${ref.accountId}:cluster/${ref.clusterName}`;
}
