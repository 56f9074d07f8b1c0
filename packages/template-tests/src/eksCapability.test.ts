import {
  expectCompleted,
  startTemplateBackend,
  TemplateBackend,
} from './__testUtils__/scaffolderBackend';
import { loadTemplate } from './__testUtils__/templates';

const template = loadTemplate('eks-capability');
const IDC = 'arn:aws:sso:::instance/ssoins-1234567890abcdef';

const argoCd = {
  cluster: 'demo',
  region: 'eu-west-1',
  type: 'ARGOCD',
  idcInstanceArn: IDC,
  rbacRoleMappings: [
    {
      role: 'ADMIN',
      identities: [{ type: 'SSO_GROUP', id: 'platform-admins' }],
    },
  ],
  managedPolicyArns: [],
  adopt: false,
};

describe('template eks-capability', () => {
  let backend: TemplateBackend;
  const capabilities = () =>
    backend.sandbox.snapshot().accounts['000000000000'].regions['eu-west-1'].eks
      .clusters.demo.capabilities;

  beforeAll(async () => {
    backend = await startTemplateBackend([template]);
  });
  afterAll(async () => {
    await backend.stop();
  });
  beforeEach(async () => {
    await backend.sandbox.reset();
    backend.sandbox.clearWrites();
  });

  it('plans the role and the Argo CD capability in a dry run without changing anything', async () => {
    const result = await backend.dryRun(template, argoCd);

    expect(backend.sandbox.writes).toEqual([]);
    expect(result.steps.map(s => s.id)).toEqual([
      'create-argocd',
      'create-capability',
    ]);
    expect(result.log.join('\n')).toMatch(/would create capability argocd/);
  });

  it('creates managed Argo CD with its Identity Center instance and role mapping, ACTIVE', async () => {
    const result = await backend.run(template, argoCd);

    expectCompleted(result);
    expect(capabilities()).toEqual({
      argocd: {
        type: 'ARGOCD',
        status: 'ACTIVE',
        roleArn: 'arn:aws:iam::000000000000:role/demo-argocd-capability',
        deletePropagationPolicy: 'RETAIN',
        argoCd: {
          idcInstanceArn: IDC,
          rbacRoleMappings: [
            {
              role: 'ADMIN',
              identities: [{ type: 'SSO_GROUP', id: 'platform-admins' }],
            },
          ],
        },
      },
    });
    const text = JSON.stringify(result.output.text);
    expect(text).toContain('is **ACTIVE**');
    expect(text).toContain(
      'Argo CD: sign in with IAM Identity Center at https://',
    );
  });

  it('creates an ACK capability without Argo CD configuration', async () => {
    const result = await backend.run(template, {
      cluster: 'demo',
      region: 'eu-west-1',
      type: 'ACK',
      managedPolicyArns: ['arn:aws:iam::aws:policy/AmazonS3FullAccess'],
      adopt: false,
    });

    expectCompleted(result);
    expect(capabilities()).toEqual({
      ack: expect.objectContaining({ type: 'ACK', status: 'ACTIVE' }),
    });
    expect(JSON.stringify(result.output.text)).toContain(
      'Not an Argo CD capability.',
    );
  });

  it('fails before any write when the cluster already has a capability of that type', async () => {
    expectCompleted(await backend.run(template, argoCd));
    backend.sandbox.clearWrites();

    const result = await backend.run(template, {
      ...argoCd,
      capabilityName: 'second-argocd',
    });
    expect(Object.keys(capabilities())).toEqual(['argocd']);

    expect(result.status).toBe('failed');
    expect(result.log.join('\n')).toMatch(
      /type: cluster demo already has a ARGOCD capability, argocd; EKS allows one capability of each type per cluster/,
    );
    expect(backend.sandbox.writes).toEqual([]);
  });
});
