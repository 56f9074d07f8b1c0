import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  eks?: {
    /**
     * The fleet (GET /api/eks/fleet, the fleet page): every cluster of the
     * targets, refreshed in the background into the database.
     */
    fleet?: {
      /**
       * Accounts and regions; default: the targets of every EKS catalog
       * provider (`catalog.providers.eks.<id>.targets`, with its owner and
       * system).
       */
      targets?: Array<{
        /** 12-digit account id (credentials from `aws.accounts`); the default account when omitted. */
        accountId?: string;
        regions: string[];
        /** Owner of the rows of clusters without an `owner` tag and without a catalog entity. */
        owner?: string;
        /** System of those rows. */
        system?: string;
      }>;
      /** How often to refresh (default every 5 minutes, 15 minute timeout, first run 15 s after start). One backend replica runs each refresh. */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      /** Requests (AWS and Kubernetes) per account and region: intervalCap per intervalMs (default 10 per 1000 ms). */
      rateLimit?: {
        intervalCap?: number;
        intervalMs?: number;
      };
      /** A cluster's details are read again after this many seconds (default 3600, spread by up to 25 % so they do not all expire at once); each refresh lists every region. */
      detailTtlSeconds?: number;
      /** Clusters read at once per account and region (default 4). */
      clusterConcurrency?: number;
    };
    /** Caching of the eks backend's answers (health documents, add-on catalog). */
    cache?: {
      /**
       * How long a health document or lookup is reused, in seconds
       * (default 30). `?refresh=true` on the health routes bypasses it.
       */
      ttlSeconds?: number;
    };
  };
}
