import { createRouteRef } from '@backstage/core-plugin-api';

/** The EKS entity tab (legacy frontend system). */
export const entityContentRouteRef = createRouteRef({
  id: 'eks:entity-content',
});

/** The fleet page (legacy frontend system). */
export const fleetRouteRef = createRouteRef({
  id: 'eks:fleet',
});
