import { collectPages } from '../sources/pages';
import { allPages, describeEach, type ObserveContext } from './context';

const ctx = (over: Partial<ObserveContext> = {}) =>
  ({
    awsTimeoutMs: 1000,
    describeConcurrency: 64,
    ...over,
  } as ObserveContext);

async function* pages<T>(...contents: (T[] | undefined)[]) {
  for (const items of contents) {
    await new Promise(resolve => setTimeout(resolve, 1));
    yield { items };
  }
}

describe('observe context', () => {
  it('describeEach keeps the order and never has more than describeConcurrency calls in flight', async () => {
    let inFlight = 0;
    let most = 0;
    const out = await describeEach(
      ctx({ describeConcurrency: 3 }),
      [5, 1, 4, 2, 3, 6, 0],
      async n => {
        inFlight++;
        most = Math.max(most, inFlight);
        await new Promise(resolve => setTimeout(resolve, n));
        inFlight--;
        return n * 10;
      },
    );
    expect(out).toEqual([50, 10, 40, 20, 30, 60, 0]);
    expect(most).toBe(3);
  });

  it('describeEach starts every item at once when they fit the limit', async () => {
    let inFlight = 0;
    let most = 0;
    await describeEach(
      ctx(),
      Array.from({ length: 60 }, (_, i) => i),
      async () => {
        inFlight++;
        most = Math.max(most, inFlight);
        await new Promise(resolve => setTimeout(resolve, 5));
        inFlight--;
      },
    );
    expect(most).toBe(60);
  });

  it('collectPages gathers every page, skipping pages without items', async () => {
    expect(
      await collectPages(pages([1, 2], undefined, [3]), page => page.items),
    ).toEqual([1, 2, 3]);
  });

  it('allPages fails as its source, with the time limit of the context', async () => {
    const slow = async function* slowPages() {
      yield { items: [1] };
      await new Promise(resolve => setTimeout(resolve, 200));
      yield { items: [2] };
    };
    const error = await allPages(
      ctx({ awsTimeoutMs: 50 }),
      'eks:ListAddons',
      slow,
      page => page.items,
    ).catch(e => e);
    expect(error.sectionError).toEqual({
      source: 'eks:ListAddons',
      message: 'SourceTimeoutError: no answer within 50 ms',
    });
  });
});
