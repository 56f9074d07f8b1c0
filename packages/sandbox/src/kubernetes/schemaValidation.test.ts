import { karpenterCrds } from './karpenterCrds.ts';
import { KubernetesCluster } from './KubernetesCluster.ts';
import { signEksToken, startTestKubernetesServer } from './testing.ts';
import type { KubeObject } from './types.ts';

const NODEPOOLS = '/apis/karpenter.sh/v1/nodepools';
const NODECLASSES = '/apis/karpenter.k8s.aws/v1/ec2nodeclasses';
const DEPLOYMENTS = '/apis/apps/v1/namespaces/default/deployments';

function nodePool(name: string, spec: Record<string, unknown> = {}): any {
  return {
    apiVersion: 'karpenter.sh/v1',
    kind: 'NodePool',
    metadata: { name },
    spec: {
      template: {
        spec: {
          nodeClassRef: {
            group: 'karpenter.k8s.aws',
            kind: 'EC2NodeClass',
            name: 'default',
          },
          requirements: [
            {
              key: 'karpenter.sh/capacity-type',
              operator: 'In',
              values: ['on-demand'],
            },
          ],
        },
      },
      ...spec,
    },
  };
}

function nodeClass(name: string, spec: Record<string, unknown> = {}) {
  return {
    apiVersion: 'karpenter.k8s.aws/v1',
    kind: 'EC2NodeClass',
    metadata: { name },
    spec: {
      role: 'KarpenterNodeRole-demo',
      amiSelectorTerms: [{ alias: 'al2023@latest' }],
      subnetSelectorTerms: [{ tags: { 'karpenter.sh/discovery': 'demo' } }],
      securityGroupSelectorTerms: [
        { tags: { 'karpenter.sh/discovery': 'demo' } },
      ],
      ...spec,
    },
  };
}

function deployment(name: string, spec: Record<string, unknown> = {}) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] },
      },
      ...spec,
    },
  };
}

describe('schema validation of built-in kinds and Karpenter CRDs', () => {
  const cluster = new KubernetesCluster({
    name: 'demo',
    recordWrite: () => {},
  });
  let server: Awaited<ReturnType<typeof startTestKubernetesServer>>;

  async function call(
    method: string,
    path: string,
    body?: unknown,
    contentType = 'application/json',
    raw?: string,
  ) {
    const response = await server.fetch(`${server.endpoint('demo')}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${signEksToken({ clusterName: 'demo' })}`,
        'content-type': contentType,
      },
      body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
    });
    return {
      status: response.status,
      warning: response.headers.get('warning'),
      body: (await response.json()) as any,
    };
  }

  beforeAll(async () => {
    server = await startTestKubernetesServer([cluster]);
    cluster.apply({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'default' },
    });
    for (const crd of karpenterCrds()) cluster.apply(crd);
  });

  afterAll(() => server.stop());

  it('accepts a valid NodePool, EC2NodeClass and Deployment', async () => {
    expect((await call('POST', NODEPOOLS, nodePool('ok'))).status).toBe(201);
    expect((await call('POST', NODECLASSES, nodeClass('ok'))).status).toBe(201);
    expect((await call('POST', DEPLOYMENTS, deployment('ok'))).status).toBe(
      201,
    );
  });

  it('rejects a NodePool with an unsupported operator and without nodeClassRef', async () => {
    const pool = nodePool('bad');
    const spec = pool.spec.template.spec as Record<string, any>;
    spec.requirements[0].operator = 'Maybe';
    delete spec.nodeClassRef;
    const { status, body } = await call('POST', NODEPOOLS, pool);
    expect(status).toBe(422);
    expect(body.reason).toBe('Invalid');
    expect(body.details.causes).toEqual(
      expect.arrayContaining([
        {
          reason: 'FieldValueRequired',
          message: 'Required value',
          field: 'spec.template.spec.nodeClassRef',
        },
        expect.objectContaining({
          reason: 'FieldValueNotSupported',
          field: 'spec.template.spec.requirements[0].operator',
          message:
            'Unsupported value: "Maybe": supported values: "In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt"',
        }),
      ]),
    );
    expect(body.message).toMatch(
      /^NodePool\.karpenter\.sh "bad" is invalid: \[/,
    );
  });

  it("enforces the NodePool's CEL rules on requirements and nodeClassRef", async () => {
    const pool = nodePool('cel');
    const spec = pool.spec.template.spec as Record<string, any>;
    spec.requirements = [
      { key: 'karpenter.sh/capacity-type', operator: 'In', values: [] },
      { key: 'kubernetes.io/hostname', operator: 'Exists' },
      { key: 'karpenter.k8s.aws/instance-cpu', operator: 'Gt', values: ['x'] },
    ];
    spec.nodeClassRef.name = '';
    const { status, body } = await call('POST', NODEPOOLS, pool);
    expect(status).toBe(422);
    const causes = body.details.causes.map(
      (c: any) => `${c.field}: ${c.message}`,
    );
    expect(causes).toEqual(
      expect.arrayContaining([
        `spec.template.spec.requirements: Invalid value: "array": requirements with operator 'In' must have a value defined`,
        `spec.template.spec.requirements: Invalid value: "array": requirements operator 'Gt' or 'Lt' must have a single positive integer value`,
        `spec.template.spec.requirements[1].key: Invalid value: "kubernetes.io/hostname": label "kubernetes.io/hostname" is restricted`,
        `spec.template.spec.nodeClassRef.name: Invalid value: "": name may not be empty`,
      ]),
    );
    // a well-known label of the provider is allowed, an unknown one of its domain is not
    pool.spec.template.spec.requirements = [
      {
        key: 'karpenter.k8s.aws/instance-family',
        operator: 'In',
        values: ['m5'],
      },
      { key: 'karpenter.k8s.aws/nonsense', operator: 'Exists' },
    ];
    pool.spec.template.spec.nodeClassRef.name = 'default';
    const second = await call('POST', NODEPOOLS, pool);
    expect(second.body.details.causes).toEqual([
      {
        reason: 'FieldValueInvalid',
        field: 'spec.template.spec.requirements[1].key',
        message:
          'Invalid value: "karpenter.k8s.aws/nonsense": label domain "karpenter.k8s.aws" is restricted',
      },
    ]);
  });

  it('rejects an EC2NodeClass without amiSelectorTerms, with both role and instanceProfile, or with bad selector terms', async () => {
    const noAmis = nodeClass('no-amis');
    delete (noAmis.spec as Record<string, unknown>).amiSelectorTerms;
    const first = await call('POST', NODECLASSES, noAmis);
    expect(first.status).toBe(422);
    expect(first.body.details.causes).toContainEqual({
      reason: 'FieldValueRequired',
      message: 'Required value',
      field: 'spec.amiSelectorTerms',
    });

    const both = await call(
      'POST',
      NODECLASSES,
      nodeClass('both', { instanceProfile: 'KarpenterProfile' }),
    );
    expect(both.status).toBe(422);
    expect(both.body.details.causes).toContainEqual({
      reason: 'FieldValueInvalid',
      field: 'spec',
      message:
        "Invalid value: \"object\": must specify exactly one of ['role', 'instanceProfile']",
    });

    const terms = await call(
      'POST',
      NODECLASSES,
      nodeClass('terms', {
        subnetSelectorTerms: [{}],
        securityGroupSelectorTerms: [],
        amiSelectorTerms: [{ alias: 'al2023@latest' }, { id: 'ami-123' }],
      }),
    );
    expect(terms.status).toBe(422);
    expect(
      terms.body.details.causes.map((c: any) => `${c.field}: ${c.message}`),
    ).toEqual(
      expect.arrayContaining([
        `spec.subnetSelectorTerms: Invalid value: "array": expected at least one, got none, ['tags', 'id']`,
        `spec.securityGroupSelectorTerms: Invalid value: "array": securityGroupSelectorTerms cannot be empty`,
        `spec.amiSelectorTerms: Invalid value: "array": 'alias' is mutually exclusive, cannot be set with a combination of other amiSelectorTerms`,
      ]),
    );
  });

  it('keeps an EC2NodeClass role immutable (a transition rule)', async () => {
    await call('POST', NODECLASSES, nodeClass('immutable'));
    const { status, body } = await call(
      'PATCH',
      `${NODECLASSES}/immutable`,
      { spec: { role: 'OtherRole' } },
      'application/merge-patch+json',
    );
    expect(status).toBe(422);
    expect(body.details.causes).toContainEqual({
      reason: 'FieldValueInvalid',
      field: 'spec.role',
      message: 'Invalid value: "OtherRole": immutable field changed',
    });
  });

  it('answers a Deployment whose replicas is a string as the decoder does', async () => {
    const { status, body } = await call(
      'POST',
      DEPLOYMENTS,
      deployment('typed', { replicas: 'two' }),
    );
    expect(status).toBe(400);
    expect(body.reason).toBe('BadRequest');
    expect(body.message).toBe(
      'Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32',
    );
  });

  it('answers a NodePool whose weight is a string with a type cause', async () => {
    const { status, body } = await call(
      'POST',
      NODEPOOLS,
      nodePool('typed', { weight: 'heavy' }),
    );
    expect(status).toBe(422);
    expect(body.details.causes).toContainEqual({
      reason: 'FieldValueTypeInvalid',
      field: 'spec.weight',
      message:
        'Invalid value: "string": spec.weight in body must be of type integer: "string"',
    });
  });

  it('fieldValidation=Strict refuses unknown fields, Warn drops them with a warning, Ignore drops them silently', async () => {
    const strict = await call(
      'POST',
      `${DEPLOYMENTS}?fieldValidation=Strict`,
      deployment('strict', { foo: 1 }),
    );
    expect(strict.status).toBe(400);
    expect(strict.body.message).toBe(
      'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.foo"',
    );

    const warn = await call(
      'POST',
      NODEPOOLS,
      nodePool('warn', { colour: 'blue' }),
    );
    expect(warn.status).toBe(201);
    expect(warn.warning).toBe('299 - "unknown field \\"spec.colour\\""');
    expect(warn.body.spec.colour).toBeUndefined();

    const ignore = await call(
      'POST',
      `${DEPLOYMENTS}?fieldValidation=Ignore`,
      deployment('ignore', { foo: 1 }),
    );
    expect(ignore.status).toBe(201);
    expect(ignore.warning).toBeNull();
    expect(ignore.body.spec.foo).toBeUndefined();

    // a field named twice: JSON.parse keeps the last, strict decoding refuses
    const twice = await call(
      'POST',
      `${DEPLOYMENTS}?fieldValidation=Strict`,
      undefined,
      'application/json',
      JSON.stringify(deployment('twice', { foo: 1 })).replace(
        '"replicas":2',
        '"replicas":2,"replicas":3',
      ),
    );
    expect(twice.status).toBe(400);
    expect(twice.body.message).toBe(
      'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: duplicate field "spec.replicas", unknown field "spec.foo"',
    );

    const unsupported = await call(
      'POST',
      `${DEPLOYMENTS}?fieldValidation=Loud`,
      deployment('loud'),
    );
    expect(unsupported.status).toBe(400);
  });

  it('fills in the defaults the NodePool and EC2NodeClass CRDs declare', async () => {
    const pool = await call('POST', NODEPOOLS, nodePool('defaults'));
    expect(pool.status).toBe(201);
    expect(pool.body.spec.disruption).toEqual({
      consolidateAfter: '0s',
      consolidationPolicy: 'WhenEmptyOrUnderutilized',
      budgets: [{ nodes: '10%' }],
    });
    expect(pool.body.spec.template.spec.expireAfter).toBe('720h');
    const nodeClassBody = nodeClass('defaults');
    (nodeClassBody.spec as Record<string, unknown>).metadataOptions = {
      httpPutResponseHopLimit: 2,
    };
    const created = await call('POST', NODECLASSES, nodeClassBody);
    expect(created.body.spec.metadataOptions).toEqual({
      httpEndpoint: 'enabled',
      httpProtocolIPv6: 'disabled',
      httpPutResponseHopLimit: 2,
      httpTokens: 'required',
    });
  });

  it("keeps a NodePool's nodeClassRef kind and group, and its template labels out of restricted domains", async () => {
    await call('POST', NODEPOOLS, nodePool('ref'));
    const changed = await call(
      'PATCH',
      `${NODEPOOLS}/ref`,
      {
        spec: {
          template: {
            metadata: { labels: { 'kubernetes.io/hostname': 'x', team: 'a' } },
            spec: { nodeClassRef: { kind: 'OtherNodeClass' } },
          },
        },
      },
      'application/merge-patch+json',
    );
    expect(changed.status).toBe(422);
    expect(
      changed.body.details.causes.map((c: any) => `${c.field}: ${c.message}`),
    ).toEqual([
      'spec.template.metadata.labels: Invalid value: "object": label domain "kubernetes.io" is restricted',
      'spec.template.metadata.labels: Invalid value: "object": label "kubernetes.io/hostname" is restricted',
      'spec.template.spec.nodeClassRef: Invalid value: "object": nodeClassRef.kind is immutable',
    ]);
  });

  it('keeps the Karpenter CRDs whole when they are created through the API under Strict (their schemas, rules and defaults are not pruned)', async () => {
    const other = new KubernetesCluster({
      name: 'other',
      recordWrite: () => {},
    });
    const otherServer = await startTestKubernetesServer([other]);
    try {
      for (const crd of karpenterCrds()) {
        const response = await otherServer.fetch(
          `${otherServer.endpoint(
            'other',
          )}/apis/apiextensions.k8s.io/v1/customresourcedefinitions?fieldValidation=Strict`,
          {
            method: 'POST',
            headers: {
              authorization: `Bearer ${signEksToken({ clusterName: 'other' })}`,
              'content-type': 'application/json',
            },
            body: JSON.stringify(crd),
          },
        );
        expect(response.status).toBe(201);
        expect(((await response.json()) as KubeObject).spec).toEqual(crd.spec);
      }
    } finally {
      await otherServer.stop();
    }
  });
});
