// Exports of the fleet part of eks-node: the collector that reads the
// fleet's rows from AWS and Kubernetes.
export * from './FleetCollector';
export * from './fleetRow';
export * from './rateLimit';
export * from './types';
