import { sameJson } from './sameJson';

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
