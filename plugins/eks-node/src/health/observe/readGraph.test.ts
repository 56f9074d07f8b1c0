import { startReads } from './readGraph';

/** A promise and the functions that settle it. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('startReads', () => {
  it('starts every read at once, in the order listed, each step once', async () => {
    const started: string[] = [];
    const a = deferred<number>();
    const reads = startReads<{ a: number; b: number; c: number }>({
      a: () => {
        started.push('a');
        return a.promise;
      },
      b: async get => {
        started.push('b');
        return (await get('a')) + 1;
      },
      c: async get => {
        started.push('c');
        return (await get('a')) + (await get('b'));
      },
    });
    // all three started before any answer, none twice
    expect(started).toEqual(['a', 'b', 'c']);
    a.resolve(1);
    await expect(reads.b).resolves.toBe(2);
    await expect(reads.c).resolves.toBe(3);
    expect(started).toEqual(['a', 'b', 'c']);
  });

  it('starts a read another one needs before its own turn, once', async () => {
    const started: string[] = [];
    const reads = startReads<{ first: string; second: string }>({
      first: async get => {
        started.push('first');
        return `after ${await get('second')}`;
      },
      second: async () => {
        started.push('second');
        return 'second';
      },
    });
    await expect(reads.first).resolves.toBe('after second');
    expect(started).toEqual(['first', 'second']);
  });

  it('gives each read its own failure, and a dependent read the failure it awaited', async () => {
    const failure = new Error('ListAddons failed');
    const reads = startReads<{ names: string[]; count: number; other: string }>(
      {
        names: async () => {
          throw failure;
        },
        count: async get => (await get('names')).length,
        other: async () => 'fine',
      },
    );
    await expect(reads.names).rejects.toBe(failure);
    await expect(reads.count).rejects.toBe(failure);
    await expect(reads.other).resolves.toBe('fine');
  });

  it('turns a step that throws before returning a promise into a failed read', async () => {
    const reads = startReads<{ bad: number }>({
      bad: () => {
        throw new Error('no clients');
      },
    });
    await expect(reads.bad).rejects.toThrow('no clients');
  });

  it('never leaves a failed read as an unhandled rejection, awaited or not', async () => {
    const unhandled: unknown[] = [];
    const listener = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', listener);
    try {
      startReads<{ failing: number; dependent: number }>({
        failing: async () => {
          throw new Error('nobody awaits this');
        },
        dependent: async get => (await get('failing')) + 1,
      });
      // let the rejections settle and Node report any unhandled one
      await new Promise(resolve => setTimeout(resolve, 20));
    } finally {
      process.off('unhandledRejection', listener);
    }
    expect(unhandled).toEqual([]);
  });

  it('refuses a read that depends on itself, naming it', async () => {
    const reads = startReads<{ a: number; b: number }>({
      a: async get => (await get('b')) + 1,
      b: async get => (await get('a')) + 1,
    });
    await expect(reads.a).rejects.toThrow('read a depends on itself');
  });
});
