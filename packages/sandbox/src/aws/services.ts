import { eksService } from './eks/service';
import type { AwsService } from './protocols/types';

/** Every AWS service the sandbox speaks, by SigV4 service name. */
export const AWS_SERVICES: Record<string, AwsService> = Object.fromEntries(
  [eksService].map(s => [s.name, s]),
);
