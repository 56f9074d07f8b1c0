export interface Config {
  /** Settings of the EKS plugins. */
  eks?: {
    /**
     * Send every AWS API call to this URL instead of the real AWS endpoints
     * (the local sandbox in development and tests). Leave unset for AWS.
     */
    endpoint?: string;
    /** Region used when a template or route does not name one. */
    defaultRegion?: string;
    /** Account used when a template or route does not name one. */
    defaultAccountId?: string;
    /**
     * The local sandbox (packages/sandbox) that stands in for AWS and
     * Kubernetes. It is used only while `enabled` is true and no real
     * credentials (`aws.accounts`, `aws.mainAccount`) are configured.
     */
    sandbox?: {
      enabled?: boolean;
      /** Port of the sandbox (default 4599). */
      port?: number;
      host?: string;
      /** Scales the sandbox's simulated durations (1 = real AWS timings). */
      latencyFactor?: number;
      /**
       * Also seeds a fleet of `clusters` clusters over `accounts` accounts
       * (000000000000, 111111111111, ...) and `regions` regions (eu-west-1,
       * us-east-1, us-west-2, ap-southeast-2, ...), for the fleet page;
       * `accounts` and `regions` may also list the account ids and regions.
       */
      fleet?: {
        clusters: number;
        accounts?: number | string[];
        regions?: number | string[];
      };
      /**
       * AWS's per-account request rate: past `requestsPerSecond` (with
       * `burst` at once), calls are throttled. Off when unset.
       */
      rateLimit?: { requestsPerSecond: number; burst?: number };
    };
    /** AWS SDK retry settings; the adaptive mode backs off on throttling. */
    retry?: {
      /** Attempts per call, including the first (default 8). */
      maxAttempts?: number;
      /** `adaptive` (default) or `standard`. */
      mode?: 'adaptive' | 'standard';
    };
  };
}
