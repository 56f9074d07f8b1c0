import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import yaml from 'yaml';
import {
  podIdentityTemplatePath,
  ROLLBACK_CLUSTER_TEMPLATE_NAME,
  UPGRADE_CLUSTER_TEMPLATE_NAME,
  rollbackClusterTemplatePath,
  upgradeClusterTemplatePath,
} from './templateLinks';

describe('podIdentityTemplatePath', () => {
  it('opens the Pod Identity template with the form prefilled', () => {
    const path = podIdentityTemplatePath({
      cluster: 'demo',
      region: 'eu-west-1',
      accountId: '123456789012',
      namespace: 'kube-system',
      serviceAccount: 'ebs-csi-controller-sa',
      managedPolicyArns: [
        'arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy',
      ],
    });
    const url = new URL(path, 'http://portal');
    expect(url.pathname).toBe('/create/templates/default/eks-pod-identity');
    expect(JSON.parse(url.searchParams.get('formData')!)).toEqual({
      cluster: 'demo',
      region: 'eu-west-1',
      accountId: '123456789012',
      namespace: 'kube-system',
      serviceAccount: 'ebs-csi-controller-sa',
      managedPolicyArns: [
        'arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy',
      ],
    });
  });

  it('leaves the account out when none is given (the portal default)', () => {
    const url = new URL(
      podIdentityTemplatePath({
        cluster: 'demo',
        region: 'eu-west-1',
        namespace: 'kube-system',
        serviceAccount: 'sa',
      }),
      'http://portal',
    );
    expect(JSON.parse(url.searchParams.get('formData')!)).toEqual({
      cluster: 'demo',
      region: 'eu-west-1',
      namespace: 'kube-system',
      serviceAccount: 'sa',
      managedPolicyArns: [],
    });
  });
});

describe('upgradeClusterTemplatePath', () => {
  const formDataOf = (path: string) => {
    const url = new URL(path, 'http://portal');
    return {
      pathname: url.pathname,
      formData: JSON.parse(url.searchParams.get('formData')!),
    };
  };

  it('opens the upgrade template prefilled with the cluster and the target version', () => {
    expect(
      formDataOf(
        upgradeClusterTemplatePath({
          clusterName: 'demo',
          region: 'eu-west-1',
          accountId: '123456789012',
          targetVersion: '1.34',
        }),
      ),
    ).toEqual({
      pathname: '/create/templates/default/upgrade-eks-cluster',
      formData: {
        clusterName: 'demo',
        region: 'eu-west-1',
        accountId: '123456789012',
        targetVersion: '1.34',
      },
    });
  });

  it('leaves out the account and the target when none is given', () => {
    expect(
      formDataOf(
        upgradeClusterTemplatePath({
          clusterName: 'demo',
          region: 'us-east-1',
        }),
      ).formData,
    ).toEqual({ clusterName: 'demo', region: 'us-east-1' });
  });

  it('escapes what a URL would read otherwise', () => {
    const path = upgradeClusterTemplatePath({
      clusterName: 'a&b=c',
      region: 'eu-west-1',
    });
    expect(path).not.toContain('&b=');
    expect(formDataOf(path).formData.clusterName).toBe('a&b=c');
  });
});

describe('rollbackClusterTemplatePath', () => {
  it('opens the rollback template prefilled with the cluster', () => {
    const url = new URL(
      rollbackClusterTemplatePath({
        clusterName: 'demo',
        region: 'eu-west-1',
        accountId: '123456789012',
      }),
      'http://portal',
    );
    expect(url.pathname).toBe('/create/templates/default/rollback-eks-cluster');
    expect(JSON.parse(url.searchParams.get('formData')!)).toEqual({
      clusterName: 'demo',
      region: 'eu-west-1',
      accountId: '123456789012',
    });
  });
});

describe('the upgrade and rollback links and their templates', () => {
  function templateOf(name: string) {
    return yaml.parse(
      readFileSync(
        resolve(__dirname, `../../../templates/${name}/template.yaml`),
        'utf8',
      ),
    );
  }
  const fieldsOf = (template: any): string[] =>
    template.spec.parameters.flatMap((page: any) =>
      Object.keys(page.properties ?? {}),
    );

  it.each([
    [
      UPGRADE_CLUSTER_TEMPLATE_NAME,
      upgradeClusterTemplatePath({
        clusterName: 'demo',
        region: 'eu-west-1',
        accountId: '123456789012',
        targetVersion: '1.34',
      }),
    ],
    [
      ROLLBACK_CLUSTER_TEMPLATE_NAME,
      rollbackClusterTemplatePath({
        clusterName: 'demo',
        region: 'eu-west-1',
        accountId: '123456789012',
      }),
    ],
  ])(
    '%s: the link names the template and prefills only fields it has',
    (name, path) => {
      const template = templateOf(name);
      expect(template.metadata.name).toBe(name);
      const formData = JSON.parse(
        new URL(path, 'http://portal').searchParams.get('formData')!,
      );
      expect(fieldsOf(template)).toEqual(
        expect.arrayContaining(Object.keys(formData)),
      );
    },
  );
});
