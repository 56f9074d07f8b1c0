/**
 * A local, stateful stand-in for the AWS (EKS, IAM, EC2, ELBv2, SQS,
 * EventBridge, STS) and Kubernetes APIs, for tests and the development portal.
 *
 * @packageDocumentation
 */
export { startSandbox, DEFAULT_LATENCY_FACTOR } from './sandbox';
export type { Sandbox, SandboxOptions } from './sandbox';
export { SANDBOX_SECRET_ACCESS_KEY } from './aws/sts/accessKeys';
export type { ConfiguredAccessKey } from './aws/sts/accessKeys';
export type { SandboxSnapshot, RegionSnapshot } from './snapshot';
export type { SandboxWrite } from './writeLog';
export { CALL_LOG_ENV } from './callLog';
export type { SandboxCall } from './callLog';
export { FaultInjector } from './faults';
export type { FaultRule } from './faults';
export { DEFAULT_ACCOUNT_ID, DEFAULT_REGION } from './state';
export { DEMO_CLUSTER } from './seed';
export { DURATIONS } from './scheduler';
export { SANDBOX_HELM_PATH } from './helmPath';
export { gatewayApiCrds } from './kubernetes/gatewayApiCrds';
export {
  seedFleet,
  fleetAccountIds,
  fleetLayout,
  fleetKubeStats,
  fleetClusterFacts,
  FLEET_REGIONS,
  FLEET_KARPENTER_VERSIONS,
} from './fleet';
export type { FleetSeedOptions, FleetClusterFacts } from './fleet';
export { AccountRateLimiter } from './rateLimit';
export type { AccountRateLimit } from './rateLimit';
