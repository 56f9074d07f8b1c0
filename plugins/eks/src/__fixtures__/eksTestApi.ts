import { EksClient } from '../api';

/** Where the tests' msw handlers serve the eks backend. */
export const EKS_BASE_URL = 'http://localhost:7007/api/eks';

/** The real client, pointed at the msw handlers. */
export function createTestEksClient(): EksClient {
  return new EksClient({
    discoveryApi: {
      getBaseUrl: async (pluginId: string) =>
        `http://localhost:7007/api/${pluginId}`,
    },
    fetchApi: { fetch: (input, init) => fetch(input, init) },
  });
}
