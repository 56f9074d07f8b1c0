export { EksFleetPage } from './EksFleetPage';
export { EksFleetPageContent } from './EksFleetPageContent';
export { EksFleetCard, DEFAULT_FLEET_PAGE_PATH } from './EksFleetCard';
export { fleetPageSearchFor } from './fleetQuery';
