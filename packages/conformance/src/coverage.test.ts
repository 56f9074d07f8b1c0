import { AWS_CASES } from './__testUtils__/awsCases';
import {
  coverageTable,
  currentReadme,
  expectedReadme,
} from './__testUtils__/coverage';
import { KUBECTL_CASES } from './__testUtils__/kubectlCases';
import { productAwsOperations } from './__testUtils__/productOperations';

const ALL_CASES = [...AWS_CASES, ...KUBECTL_CASES];

describe('the conformance cases', () => {
  it('cover every AWS operation the product calls, each accepted once and refused once', () => {
    const covered = (kind: 'good' | 'bad') =>
      [
        ...new Set(
          AWS_CASES.filter(c => c.kind === kind).map(
            c => `${c.service} ${c.operation}`,
          ),
        ),
      ].sort();
    const product = productAwsOperations();
    expect(product.length).toBeGreaterThan(50);
    expect(covered('good')).toEqual(product);
    expect(covered('bad')).toEqual(product);
  });

  it('give every refusal the error the real service returns, and no accepted case one', () => {
    const bad = ALL_CASES.filter(c => c.kind === 'bad');
    expect(
      bad.filter(c => c.client === 'aws' && !/^[\w.]+$/.test(c.error ?? '')),
    ).toEqual([]);
    expect(bad.filter(c => !c.error)).toEqual([]);
    expect(
      ALL_CASES.filter(c => c.kind === 'good' && c.error !== undefined),
    ).toEqual([]);
  });

  it('are the coverage table of packages/sandbox/README.md (yarn workspace conformance-tests coverage-table writes it)', () => {
    expect(currentReadme()).toBe(expectedReadme(coverageTable(ALL_CASES)));
  });
});
