export interface Config {
  eks?: {
    /** Settings of the EKS scaffolder actions. */
    provisioning?: {
      /** Shortest delay between status polls while waiting, in seconds (default 5). */
      minPollDelaySeconds?: number;
      /**
       * Longest delay between status polls while waiting, in seconds (default
       * 30); waits for a cluster, node group or add-on poll at most 5% of its
       * typical creation time apart.
       */
      maxPollDelaySeconds?: number;
      /** The helm executable used by aws:eks:karpenter:install (default: "helm" on PATH). */
      helmPath?: string;
    };
  };
}
