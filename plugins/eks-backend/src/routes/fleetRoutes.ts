import { fleetCsv } from '@backstage-eks/plugin-eks-common';
import type { RouteContext } from './context';

/**
 * The fleet routes: the snapshot from memory (serialised once per store
 * version), and its CSV. Neither reads AWS.
 */
export function fleetRoutes({ router, fleet }: RouteContext) {
  router.get('/fleet', async (_req, res) => {
    const { json } = await fleet.current();
    // the snapshot serialised once per version, sent as is (not re-encoded)
    res.type('application/json').end(json);
  });

  router.get('/fleet.csv', async (_req, res) => {
    const { response } = await fleet.current();
    res
      .type('text/csv; charset=utf-8')
      .attachment('eks-fleet.csv')
      .send(fleetCsv(response.rows, new Date()));
  });
}
