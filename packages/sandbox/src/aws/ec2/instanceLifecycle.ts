import type { QueryHandler } from '../protocols/query';
import { strList } from '../protocols/queryParams';
import { AwsError } from '../AwsError';
import { byIds } from './params';
import { STATE_CODES } from './instances';

/** How long an instance takes from shutting-down to terminated, at latency 1. */
export const INSTANCE_TERMINATE_MS = 60_000;

/** TerminateInstances: shutting-down at once, terminated after a while. */
export const EC2_INSTANCE_LIFECYCLE_HANDLERS: Record<string, QueryHandler> = {
  TerminateInstances(ctx, params) {
    const ids = strList(params, 'InstanceId');
    if (ids.length === 0) {
      throw new AwsError(
        'MissingParameter',
        'The request must contain the parameter InstanceId',
      );
    }
    // every id is checked before any instance changes
    const instances = byIds(
      ctx.regional.ec2.instances,
      ids,
      'InvalidInstanceID.NotFound',
      'instance',
    );
    return {
      instancesSet: instances.map(instance => {
        const previous = instance.state;
        if (previous === 'pending' || previous === 'running') {
          instance.state = 'shutting-down';
          ctx.scheduler.after(INSTANCE_TERMINATE_MS, () => {
            instance.state = 'terminated';
          });
        }
        return {
          instanceId: instance.instanceId,
          previousState: { code: STATE_CODES[previous], name: previous },
          currentState: {
            code: STATE_CODES[instance.state],
            name: instance.state,
          },
        };
      }),
    };
  },
};
