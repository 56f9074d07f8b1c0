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
    /** AWS SDK retry settings; the adaptive mode backs off on throttling. */
    retry?: {
      /** Attempts per call, including the first (default 8). */
      maxAttempts?: number;
      /** `adaptive` (default) or `standard`. */
      mode?: 'adaptive' | 'standard';
    };
  };
}
