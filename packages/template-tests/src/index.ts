/**
 * Tests of the software templates in the repository's `templates/` folder:
 * each runs through the real scaffolder backend against the sandbox.
 *
 * @packageDocumentation
 */
export {};
