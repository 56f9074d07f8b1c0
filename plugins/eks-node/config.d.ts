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
