/**
 * Benchmarks of the EKS plugins against the sandbox (`yarn bench`).
 *
 * @packageDocumentation
 */
export {};
