/* A small package for the call graph's test: what an entry reaches, and what it does not. */
export { createThing, ThingReader } from './flow';
