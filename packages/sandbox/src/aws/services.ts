import { ec2Service } from './ec2/service';
import { eksService } from './eks/service';
import { elbv2Service } from './elbv2/service';
import { eventsService } from './events/service';
import { sqsService } from './sqs/service';
import { iamService } from './iam/service';
import { stsService } from './sts/service';
import type { AwsService } from './protocols/types';

/** Every AWS service the sandbox speaks, by SigV4 service name. */
export const AWS_SERVICES: Record<string, AwsService> = Object.fromEntries(
  [
    eksService,
    iamService,
    stsService,
    ec2Service,
    sqsService,
    eventsService,
    elbv2Service,
  ].map(s => [s.name, s]),
);
