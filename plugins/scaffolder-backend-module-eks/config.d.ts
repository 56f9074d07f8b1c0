export interface Config {
  eks?: {
    /** Settings of the EKS scaffolder actions. */
    provisioning?: {
      /** Shortest delay between status polls while waiting, in seconds (default 10). */
      minPollDelaySeconds?: number;
      /** Longest delay between status polls while waiting, in seconds (default 30). */
      maxPollDelaySeconds?: number;
      /** The helm executable used by aws:eks:karpenter:install (default: "helm" on PATH). */
      helmPath?: string;
    };
  };
}
