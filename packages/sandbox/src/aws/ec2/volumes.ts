import { resourceId } from '../../ids';
import { DURATIONS } from '../../scheduler';
import { AwsError } from '../AwsError';
import type { AwsContext } from '../context';
import type { QueryHandler } from '../protocols/query';
import { str, strList } from '../protocols/queryParams';
import type { XmlValue } from '../protocols/xml';
import { checkFilterNames, filtersOf, matchesFilters, tagSet } from './filters';
import { Volume } from './model';
import { byIds, required, tagSpecTags } from './params';

/** Size limits in GiB per volume type, as EC2 enforces them. */
const SIZE_LIMITS: Record<string, [number, number]> = {
  gp2: [1, 16384],
  gp3: [1, 16384],
  io1: [4, 16384],
  io2: [4, 65536],
  st1: [125, 16384],
  sc1: [125, 16384],
  standard: [1, 1024],
};

function zonesOf(region: string) {
  return ['a', 'b', 'c'].map(z => `${region}${z}`);
}

function volumeXml(v: Volume): Record<string, XmlValue> {
  return {
    volumeId: v.volumeId,
    size: v.sizeGiB,
    snapshotId: '',
    availabilityZone: v.availabilityZone,
    status: v.state,
    createTime: v.createTime,
    attachmentSet: [],
    volumeType: v.volumeType,
    iops: v.iops,
    throughput: v.throughput,
    encrypted: v.encrypted,
    multiAttachEnabled: false,
    tagSet: tagSet(v.tags),
  };
}

function checkSize(volumeType: string, size: string | undefined): number {
  const limits = SIZE_LIMITS[volumeType];
  if (!limits) {
    throw new AwsError(
      'InvalidParameterValue',
      `VolumeType: '${volumeType}' must be one of ${Object.keys(
        SIZE_LIMITS,
      ).join(', ')}`,
    );
  }
  const sizeGiB = Number(size);
  if (!Number.isInteger(sizeGiB) || sizeGiB < limits[0] || sizeGiB > limits[1])
    throw new AwsError(
      'InvalidParameterValue',
      `Size: volume size of a ${volumeType} volume must be a whole number of GiB from ${limits[0]} to ${limits[1]}, got ${size}`,
    );
  return sizeGiB;
}

function newVolume(ctx: AwsContext, params: Parameters<QueryHandler>[1]) {
  const availabilityZone = required(params, 'AvailabilityZone');
  if (!zonesOf(ctx.region).includes(availabilityZone)) {
    throw new AwsError(
      'InvalidParameterValue',
      `AvailabilityZone: '${availabilityZone}' is not an availability zone of ${ctx.region}`,
    );
  }
  const volumeType = str(params, 'VolumeType') ?? 'gp2';
  const snapshotId = str(params, 'SnapshotId');
  if (snapshotId !== undefined) {
    // The sandbox holds no snapshots, so none can be found.
    throw new AwsError(
      'InvalidSnapshot.NotFound',
      `The snapshot '${snapshotId}' does not exist.`,
    );
  }
  const sizeGiB = checkSize(volumeType, required(params, 'Size'));
  const iops = str(params, 'Iops');
  const throughput = str(params, 'Throughput');
  const volume: Volume = {
    volumeId: resourceId('vol'),
    availabilityZone,
    sizeGiB,
    volumeType,
    iops: iops
      ? Number(iops)
      : { gp3: 3000, gp2: Math.min(16000, Math.max(100, 3 * sizeGiB)) }[
          volumeType
        ],
    throughput: volumeType === 'gp3' ? Number(throughput ?? 125) : undefined,
    encrypted: str(params, 'Encrypted') === 'true',
    state: 'creating',
    createTime: new Date(),
    tags: tagSpecTags(params, 'TagSpecification', 'volume'),
  };
  return volume;
}

function volumeFilterFields(v: Volume) {
  return {
    'volume-id': v.volumeId,
    'availability-zone': v.availabilityZone,
    status: v.state,
    size: String(v.sizeGiB),
    'volume-type': v.volumeType,
    encrypted: String(v.encrypted),
    'create-time': v.createTime.toISOString(),
  };
}

const VOLUME_FILTERS = [
  'volume-id',
  'availability-zone',
  'status',
  'size',
  'volume-type',
  'encrypted',
  'create-time',
];

/** EBS volumes: created, tagged, found by filters and deleted. */
export const EC2_VOLUME_HANDLERS: Record<string, QueryHandler> = {
  CreateVolume(ctx, params) {
    const volume = newVolume(ctx, params);
    const volumes = ctx.regional.ec2.volumes;
    volumes.set(volume.volumeId, volume);
    ctx.scheduler.after(DURATIONS.volumeCreate, () => {
      if (volume.state === 'creating') volume.state = 'available';
    });
    return volumeXml(volume);
  },
  DescribeVolumes(ctx, params) {
    const filters = filtersOf(params);
    checkFilterNames(filters, VOLUME_FILTERS);
    const volumes = byIds(
      ctx.regional.ec2.volumes,
      strList(params, 'VolumeId'),
      'InvalidVolume.NotFound',
      'volume',
    ).filter(v => matchesFilters(filters, v.tags, volumeFilterFields(v)));
    return { volumeSet: volumes.map(volumeXml) };
  },
  DeleteVolume(ctx, params) {
    const id = required(params, 'VolumeId');
    const volumes = ctx.regional.ec2.volumes;
    const volume = volumes.get(id);
    if (!volume || volume.state === 'deleting') {
      throw new AwsError(
        'InvalidVolume.NotFound',
        `The volume '${id}' does not exist.`,
      );
    }
    volume.state = 'deleting';
    ctx.scheduler.after(DURATIONS.volumeDelete, () => {
      if (volumes.get(id) === volume) volumes.delete(id);
    });
    return { return: true };
  },
};
