import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AWS_SERVICES } from '../services';
import { findBotocore } from './generate';
import { SERVICE_MODELS } from './index';
import { javaRegex } from './javaRegex';
import { violationsOf } from './validate';
import { buildAllModels, formatModel } from './write';

const botocore = findBotocore();

describe('committed models', () => {
  const compare = () => {
    expect(botocore).toBeDefined();
    const fresh = buildAllModels(botocore!);
    for (const [name, model] of Object.entries(fresh)) {
      const committed = readFileSync(join(__dirname, `${name}.json`), 'utf8');
      expect({ name, text: committed }).toEqual({
        name,
        text: formatModel(model),
      });
    }
  };
  if (botocore) {
    it(`equal a fresh generation from botocore ${botocore.version}`, compare);
  } else if (process.env.CI === 'true') {
    // CI machines have botocore (the AWS CLI v1): there its absence fails.
    it('equal a fresh generation from botocore (botocore is missing)', compare);
  } else {
    // eslint-disable-next-line jest/no-disabled-tests
    it.skip(
      'equal a fresh generation from botocore (SKIPPED: botocore is not installed)',
      compare,
    );
  }

  it('cover every operation every sandbox service routes', () => {
    for (const service of Object.values(AWS_SERVICES)) {
      const model = SERVICE_MODELS[service.name];
      expect([...service.operations].sort()).toEqual(
        Object.keys(model.operations),
      );
      expect(model.source.license).toBe('Apache-2.0');
    }
  });

  it('compile every published pattern', () => {
    const patterns = Object.values(SERVICE_MODELS).flatMap(model =>
      Object.values(model.shapes).flatMap(shape =>
        shape.pattern ? [shape.pattern] : [],
      ),
    );
    expect(patterns.length).toBeGreaterThan(40);
    for (const pattern of patterns)
      expect(javaRegex(pattern)).toBeInstanceOf(RegExp);
  });
});

describe('Java patterns in JavaScript', () => {
  it.each([
    // IAM role and user names
    ['[\\w+=,.@-]+', 'eks-demo-cluster@team+1', true],
    ['[\\w+=,.@-]+', 'my role', false],
    ['[\\w+=,.@-]+', 'rôle', false],
    // IAM tag values: Unicode letters, separators and numbers
    ['[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*', 'Équipe données 2', true],
    ['[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*', 'MOJ D&T Cybersecurity', false],
    ['[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*', '', true],
    // IAM paths: an alternation anchored as a whole
    ['(\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)', '/', true],
    ['(\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)', '/eks/', true],
    ['(\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)', '/eks', false],
    // EKS cluster names
    ['^[0-9A-Za-z][A-Za-z0-9\\-_]*', 'demo_1-a', true],
    ['^[0-9A-Za-z][A-Za-z0-9\\-_]*', '_demo', false],
    // EventBridge rule names refuse an ARN
    ['[\\.\\-_A-Za-z0-9]+', 'arn:aws:events:eu-west-1:1:rule/x', false],
    // escaped punctuation Java accepts (`\:`, `\_`)
    ['[\\w+=,.@\\:-]*', 'a:b', true],
    ['[A-Za-z0-9\\_\\-]+', 'a_b-c', true],
    // Java's \s is ASCII only
    ['^(?!\\s*$).+', '\u00a0', true],
    ['^(?!\\s*$).+', ' \t', false],
    // Java's . does not match \u0085
    ['a.b', 'a\u0085b', false],
    ['a.b', 'a-b', true],
  ])('%s %j -> %s', (pattern, value, expected) => {
    expect(javaRegex(pattern).test(value)).toBe(expected);
  });

  it('refuses what it cannot translate faithfully', () => {
    expect(() => javaRegex('[a-z&&[^q]]')).toThrow(/nested class|intersection/);
    expect(() => javaRegex('\\p{InGreek}')).toThrow(/unknown class/);
    expect(() => javaRegex('\\Q.\\E')).toThrow(/unknown escape/);
  });
});

describe('violations as Coral reports them', () => {
  const iam = SERVICE_MODELS.iam;
  it('names nested list members, in model order, one per failed constraint', () => {
    const v = violationsOf(iam, 'CreateRole', {
      RoleName: `${'r'.repeat(64)} x`,
      AssumeRolePolicyDocument: '{}',
      Tags: [
        { Key: 'team', Value: 'shop' },
        { Key: 'aws:x', Value: 'a(b)' },
      ],
    });
    expect(v.map(x => [x.path, x.constraint])).toEqual([
      ['roleName', 'Member must have length less than or equal to 64'],
      [
        'roleName',
        'Member must satisfy regular expression pattern: [\\w+=,.@-]+',
      ],
      [
        'tags.2.member.value',
        'Member must satisfy regular expression pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*',
      ],
    ]);
  });

  it('reports lists of scalars and map keys with all their member constraints', () => {
    const untag = violationsOf(iam, 'UntagRole', {
      RoleName: 'r',
      TagKeys: ['ok', ''],
    });
    expect(untag).toEqual([
      expect.objectContaining({
        path: 'tagKeys',
        value: ['ok', ''],
        constraint:
          'Member must satisfy constraint: [Member must have length less than or equal to 128, Member must have length greater than or equal to 1, Member must satisfy regular expression pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+]',
      }),
    ]);
    const eks = SERVICE_MODELS.eks;
    const tags = violationsOf(eks, 'TagResource', {
      resourceArn: 'arn',
      tags: { ['k'.repeat(129)]: 'v' },
    });
    expect(tags[0].constraint).toMatch(/^Map keys must satisfy constraint: \[/);
  });

  it('reports missing required members as null', () => {
    expect(violationsOf(iam, 'GetRole', {})).toEqual([
      expect.objectContaining({
        kind: 'required',
        path: 'roleName',
        value: null,
        constraint: 'Member must not be null',
      }),
    ]);
  });
});
