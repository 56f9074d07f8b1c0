import { canonicalPolicy } from './policies';
import { sameJson, sortedJson } from './sameJson';

describe('sameJson', () => {
  it('ignores the order of object keys, at any depth', () => {
    expect(
      sameJson(
        { replicaCount: 2, resources: { limits: { cpu: '1', memory: '1Gi' } } },
        { resources: { limits: { memory: '1Gi', cpu: '1' } }, replicaCount: 2 },
      ),
    ).toBe(true);
  });

  it('counts array order and every value', () => {
    expect(sameJson({ zones: ['a', 'b'] }, { zones: ['b', 'a'] })).toBe(false);
    expect(sameJson({ replicaCount: 2 }, { replicaCount: 3 })).toBe(false);
    expect(sameJson({ replicaCount: 2 }, {})).toBe(false);
  });

  it('leaves undefined properties out, as JSON does', () => {
    expect(sameJson({ a: 1, b: undefined }, { a: 1 })).toBe(true);
  });
});

describe('sortedJson', () => {
  it('sorts the keys of every object and keeps array order', () => {
    expect(sortedJson({ b: [{ d: 1, c: 2 }], a: undefined, e: 'x' })).toBe(
      '{"b":[{"c":2,"d":1}],"e":"x"}',
    );
  });

  it('lets a rule rewrite each array after its items', () => {
    expect(sortedJson({ a: [3, [2, 1]] }, items => items.length)).toBe(
      '{"a":2}',
    );
  });

  it("is canonicalPolicy's comparison: one string and a list of one alike, string lists in any order", () => {
    expect(
      canonicalPolicy({
        Statement: [{ Effect: 'Allow', Action: ['b', 'a'], Resource: ['*'] }],
        Version: '2012-10-17',
      }),
    ).toBe(
      canonicalPolicy({
        Version: '2012-10-17',
        Statement: { Resource: '*', Action: ['a', 'b'], Effect: 'Allow' },
      }),
    );
    expect(canonicalPolicy({ Action: ['a', 'b'] })).not.toBe(
      canonicalPolicy({ Action: ['a'] }),
    );
  });
});
