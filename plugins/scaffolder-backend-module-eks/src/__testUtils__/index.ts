/**
 * Test utilities of the EKS scaffolder actions, for suites in other packages
 * (`@backstage-eks/plugin-scaffolder-backend-module-eks/testUtils`): a
 * sandbox with action options pointing at it, mock action contexts, sandbox
 * fixtures and the stand-in helm.
 */
export * from './sandboxHarness';
export * from './sandboxClusters';
export * from './fakeHelm';
export * from './runAsScaffolder';
export * from './fullStackTemplate';
