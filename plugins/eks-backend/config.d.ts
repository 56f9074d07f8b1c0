export interface Config {
  eks?: {
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
