// The sandbox ships the add-ons' real configuration schemas (the shapes
// DescribeAddonConfiguration returns); the form is tested against them.
// eslint-disable-next-line @backstage/no-relative-monorepo-imports
import { ADDON_SCHEMAS } from '../../../../../../packages/sandbox/src/aws/eks/addonSchemas';
import {
  alternativeNames,
  configurationForm,
  isAdvancedKey,
  itemName,
} from './configurationForm';

const real = (name: string) =>
  configurationForm(JSON.parse(ADDON_SCHEMAS[name]));

/** The keys of an object schema whose ui:options say advanced. */
function advancedKeys(ui: Record<string, any>, properties: object) {
  return Object.keys(properties).filter(
    key => ui[key]?.['ui:options']?.advanced,
  );
}

describe('configurationForm with the real add-on schemas', () => {
  it('coredns: advanced keys are the free-form pod placement ones', () => {
    const { schema, uiSchema } = real('coredns');
    expect(advancedKeys(uiSchema, schema.properties!).sort()).toEqual([
      'affinity',
      'nodeSelector',
      'podAnnotations',
      'podLabels',
      'tolerations',
      'topologySpreadConstraints',
    ]);
    // what most people set stays in view
    for (const key of [
      'replicaCount',
      'resources',
      'autoScaling',
      'podDisruptionBudget',
      'corefile',
    ]) {
      expect(uiSchema[key]?.['ui:options']?.advanced).toBeUndefined();
    }
  });

  it('coredns: anyOf choices are named by what they are, not "Option 1"', () => {
    const { schema, uiSchema } = real('coredns');
    const pdb = (schema.properties as any).podDisruptionBudget;
    expect(
      pdb.properties.maxUnavailable.anyOf.map((a: any) => a.title),
    ).toEqual(['percentage, e.g. "25%"', 'whole number']);
    expect(
      uiSchema.podDisruptionBudget.maxUnavailable.anyOf.map(
        (u: any) => u['ui:title'],
      ),
    ).toEqual([
      'maxUnavailable (percentage, e.g. "25%")',
      'maxUnavailable (whole number)',
    ]);
    expect(JSON.stringify(schema)).not.toMatch(/Option \d/);
  });

  it('coredns: defaults are shown as help and placeholder', () => {
    const { uiSchema } = real('coredns');
    expect(uiSchema.podDisruptionBudget.maxUnavailable['ui:help']).toBe(
      'Default: 1',
    );
    expect(uiSchema.autoScaling.enabled['ui:help']).toBe('Default: no');
    expect(uiSchema.podDisruptionBudget.enabled['ui:help']).toBe(
      'Default: yes',
    );
  });

  it("coredns: list entries are named, and a definition's title is not a key's label", () => {
    const { schema } = real('coredns');
    const properties = schema.properties as any;
    expect(properties.tolerations.items.title).toBe('toleration');
    expect(properties.topologySpreadConstraints.items.title).toBe(
      'topologySpreadConstraint',
    );
    // both limits and requests reference the definition titled "Limits"
    expect(properties.resources.properties.requests.title).toBeUndefined();
    expect(properties.resources.properties.requests.properties).toHaveProperty(
      'memory',
    );
    expect(JSON.stringify(schema.properties)).not.toContain('"$ref"');
  });

  it('aws-ebs-csi-driver: $defs are followed and the free-form keys are advanced at every level', () => {
    const { schema, uiSchema } = real('aws-ebs-csi-driver');
    const properties = schema.properties as any;
    expect(advancedKeys(uiSchema, properties)).toEqual(['sidecars']);
    expect(
      advancedKeys(uiSchema.controller, properties.controller.properties),
    ).toEqual(['extraVolumeTags', 'nodeSelector', 'tolerations']);
    expect(advancedKeys(uiSchema.node, properties.node.properties)).toEqual([
      'nodeSelector',
      'tolerations',
    ]);
    expect(properties.controller.properties.tolerations.items.title).toBe(
      'toleration',
    );
    expect(
      properties.controller.properties.extraVolumeTags.patternProperties,
    ).toBeDefined();
    expect(schema).not.toHaveProperty('description');
  });

  it('vpc-cni: the $ref root is followed and env keeps its declared settings in view', () => {
    const { schema, uiSchema } = real('vpc-cni');
    const properties = schema.properties as any;
    expect(properties.env.properties).toHaveProperty('WARM_IP_TARGET');
    expect(uiSchema.env?.['ui:options']?.advanced).toBeUndefined();
    expect(schema).not.toHaveProperty('title');
  });
});

describe('the rules', () => {
  it('names choices by title, constant, own required keys, type', () => {
    expect(
      alternativeNames([
        { title: 'Managed' },
        { const: 'off' },
        {
          type: 'object',
          required: ['configMap'],
          properties: { configMap: {} },
        },
        { type: 'object', required: ['secret'], properties: { secret: {} } },
        { type: 'integer' },
        { type: 'string' },
        { type: 'string' },
      ]),
    ).toEqual([
      'Managed',
      '"off"',
      'with configMap',
      'with secret',
      'whole number',
      'text (6)',
      'text (7)',
    ]);
  });

  it('names list entries by the singular of the key', () => {
    expect(itemName('tolerations')).toBe('toleration');
    expect(itemName('policies')).toBe('policy');
    expect(itemName('env')).toBe('env entry');
    expect(itemName('address')).toBe('address entry');
  });

  it('keeps required keys and keys with a default in view', () => {
    expect(isAdvancedKey({ type: 'array' }, false)).toBe(true);
    expect(isAdvancedKey({ type: 'array' }, true)).toBe(false);
    expect(isAdvancedKey({ type: 'array', default: [] }, false)).toBe(false);
    expect(isAdvancedKey({ type: ['object', 'null'] }, false)).toBe(true);
    expect(
      isAdvancedKey({ type: 'object', properties: { a: {} } }, false),
    ).toBe(false);
    expect(isAdvancedKey({ type: 'string' }, false)).toBe(false);
  });
});
