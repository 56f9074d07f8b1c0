import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  catalog?: {
    providers?: {
      /**
       * Discovers EKS clusters as `Resource` entities (type
       * `kubernetes-cluster`), one provider per key.
       */
      eks?: {
        [providerId: string]: {
          /** Where to look: accounts (credentials from `aws.accounts`) and their regions. */
          targets: Array<{
            /** 12-digit account id; the default account when omitted. */
            accountId?: string;
            regions: string[];
          }>;
          /** Owner of the entities unless the cluster has an `owner` tag (default `unknown`). */
          owner?: string;
          /** System of the entities, if any. */
          system?: string;
          /** How often to look (default: every 30 minutes, 3 minute timeout). */
          schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
        };
      };
    };
  };
}
