/**
 * The reliability and security suite of the EKS plugins (`yarn test:reliability`).
 * It has no exports: everything is in its tests.
 *
 * @packageDocumentation
 */
export {};
