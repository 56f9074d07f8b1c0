/** Gives another read of the graph by name (started at most once). */
export type GetRead<R> = <K extends keyof R>(name: K) => Promise<R[K]>;

/**
 * How each named read of `R` is made, from the other reads it needs (of the
 * whole graph `G`, when `R` is part of it).
 */
export type ReadSteps<R, G = R> = {
  [K in keyof R]: (get: GetRead<G>) => Promise<R[K]>;
};

/** Every read of a graph, started. */
export type Reads<R> = { [K in keyof R]: Promise<R[K]> };

/**
 * Starts every read of a small dependency graph at once, in the order the
 * steps are listed; a step that needs another read awaits `get(name)`, which
 * starts that read if it has not started yet and never starts one twice.
 *
 * A read awaited only on some paths (or by no one when another failed first)
 * must not surface as an unhandled rejection: each one is marked handled as
 * it starts, so no read can be forgotten. Callers still see every failure
 * through the promises they await.
 */
export function startReads<R>(steps: ReadSteps<R>): Reads<R> {
  const started = new Map<keyof R, Promise<unknown>>();
  const starting = new Set<keyof R>();
  const get: GetRead<R> = name => {
    const known = started.get(name);
    if (known) return known as Promise<R[typeof name]>;
    if (starting.has(name)) {
      throw new Error(`read ${String(name)} depends on itself`);
    }
    starting.add(name);
    let promise: Promise<R[typeof name]>;
    try {
      promise = steps[name](get);
    } catch (error) {
      promise = Promise.reject(error);
    } finally {
      starting.delete(name);
    }
    promise.catch(() => undefined);
    started.set(name, promise);
    return promise;
  };
  const reads = {} as Reads<R>;
  for (const name of Object.keys(steps) as (keyof R)[]) {
    reads[name] = get(name);
  }
  return reads;
}
