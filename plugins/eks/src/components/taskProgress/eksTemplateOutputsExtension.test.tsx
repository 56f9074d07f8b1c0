import { createExtensionTester } from '@backstage/frontend-test-utils';
import { scaffolderTemplateOutputsBlueprint } from '@backstage/plugin-scaffolder-react/alpha';
import { eksTemplateOutputs } from '../../alpha';
import { EksTemplateOutputs } from './EksTemplateOutputs';

describe('eksTemplateOutputs (new frontend system)', () => {
  it('shows the EKS task page for the seven EKS templates by default', () => {
    const tester = createExtensionTester(eksTemplateOutputs);
    expect(
      tester.get(scaffolderTemplateOutputsBlueprint.dataRefs.templateRefs),
    ).toEqual([
      'template:default/new-eks-cluster',
      'template:default/install-eks-addons',
      'template:default/setup-karpenter',
      'template:default/eks-pod-identity',
      'template:default/upgrade-eks-cluster',
      'template:default/rollback-eks-cluster',
      'template:default/delete-eks-cluster',
    ]);
    expect(
      tester.get(scaffolderTemplateOutputsBlueprint.dataRefs.component),
    ).toBe(EksTemplateOutputs);
  });

  it('takes the templates from config', () => {
    const tester = createExtensionTester(eksTemplateOutputs, {
      config: { templateRefs: ['template:platform/my-eks-cluster'] },
    });
    expect(
      tester.get(scaffolderTemplateOutputsBlueprint.dataRefs.templateRefs),
    ).toEqual(['template:platform/my-eks-cluster']);
  });

  it('refuses a template ref without its kind and namespace, naming it', () => {
    expect(() =>
      createExtensionTester(eksTemplateOutputs, {
        config: { templateRefs: ['new-eks-cluster'] },
      }).get(scaffolderTemplateOutputsBlueprint.dataRefs.templateRefs),
    ).toThrow(
      'templateRefs[0] must be a full template ref "template:<namespace>/<name>", e.g. template:default/new-eks-cluster, got "new-eks-cluster"',
    );
  });
});

describe('EksTemplateOutputs (legacy frontend system)', () => {
  it('is exported for ScaffolderPage components.TemplateOutputsComponent', async () => {
    const legacy = await import('../../index');
    expect(legacy.EksTemplateOutputs).toBe(EksTemplateOutputs);
    expect(legacy.EKS_TEMPLATE_REFS).toHaveLength(7);
  });
});
