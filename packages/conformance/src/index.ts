/**
 * The conformance suite (`yarn test:conformance`): the sandbox driven by the
 * real AWS CLI and kubectl. It has no exports: everything is in its tests.
 *
 * @packageDocumentation
 */
export {};
