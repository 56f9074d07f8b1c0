import { coreExtensionData } from '@backstage/frontend-plugin-api';
import { createExtensionTester } from '@backstage/frontend-test-utils';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';
import eksPlugin, {
  eksAccountIdFormField,
  eksActionPlanFormField,
  eksAddonConfigurationFormField,
  eksAddonPickerFormField,
  eksAddonsEntityCard,
  eksCapabilitiesEntityCard,
  eksClusterHealthEntityCard,
  eksClusterNameConfirmationFormField,
  eksClusterVersionEntityCard,
  eksClusterPickerFormField,
  eksDesiredNodeCountFormField,
  eksEntityContent,
  eksFleetEntityCard,
  eksFleetPage,
  eksIamPrincipalPickerFormField,
  eksInstanceTypePickerFormField,
  eksKubernetesVersionPickerFormField,
  eksSelectedAddonPickerFormField,
  eksSubnetPickerFormField,
  eksVpcPickerFormField,
} from './alpha';
import {
  demoClusterEntity,
  unannotatedClusterEntity,
} from './__fixtures__/clusterHealth';

describe('eks plugin for the new frontend system', () => {
  it('is the eks plugin, titled EKS with an icon in headers and navigation', () => {
    expect(eksPlugin.pluginId).toBe('eks');
    expect(eksPlugin.title).toBe('EKS');
    expect(eksPlugin.icon).toBeDefined();
  });

  it('mounts the fleet page at /eks-fleet with a title and icon for the sidebar', () => {
    const tester = createExtensionTester(eksFleetPage);

    expect(tester.get(coreExtensionData.routePath)).toBe('/eks-fleet');
    expect(tester.get(coreExtensionData.title)).toBe('EKS fleet');
    expect(tester.get(coreExtensionData.icon)).toBeDefined();
  });

  it('shows the fleet card only on System and Group entities', () => {
    const filter = createExtensionTester(eksFleetEntityCard).get(
      EntityCardBlueprint.dataRefs.filterFunction,
    );
    const entity = (kind: string) => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind,
      metadata: { name: 'x' },
    });
    expect(filter?.(entity('System'))).toBe(true);
    expect(filter?.(entity('Group'))).toBe(true);
    expect(filter?.(entity('Component'))).toBe(false);
    expect(filter?.(demoClusterEntity)).toBe(false);
  });

  it('mounts the EKS tab at eks, only on entities that name an EKS cluster', () => {
    const tester = createExtensionTester(eksEntityContent);

    expect(tester.get(coreExtensionData.routePath)).toBe('eks');
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe('EKS');
    const filter = tester.get(EntityContentBlueprint.dataRefs.filterFunction);
    expect(filter?.(demoClusterEntity)).toBe(true);
    expect(filter?.(unannotatedClusterEntity)).toBe(false);
  });

  it('shows the four cards only on EKS cluster entities', () => {
    const filters = [
      createExtensionTester(eksClusterHealthEntityCard).get(
        EntityCardBlueprint.dataRefs.filterFunction,
      ),
      createExtensionTester(eksAddonsEntityCard).get(
        EntityCardBlueprint.dataRefs.filterFunction,
      ),
      createExtensionTester(eksCapabilitiesEntityCard).get(
        EntityCardBlueprint.dataRefs.filterFunction,
      ),
      createExtensionTester(eksClusterVersionEntityCard).get(
        EntityCardBlueprint.dataRefs.filterFunction,
      ),
    ];
    for (const filter of filters) {
      expect(filter?.(demoClusterEntity)).toBe(true);
      expect(filter?.(unannotatedClusterEntity)).toBe(false);
    }
  });

  it('loads every scaffolder form field', async () => {
    const loaders = [
      createExtensionTester(eksClusterPickerFormField).get(
        FormFieldBlueprint.dataRefs.formFieldLoader,
      ),
      createExtensionTester(eksAddonPickerFormField).get(
        FormFieldBlueprint.dataRefs.formFieldLoader,
      ),
      createExtensionTester(eksAddonConfigurationFormField).get(
        FormFieldBlueprint.dataRefs.formFieldLoader,
      ),
      createExtensionTester(eksKubernetesVersionPickerFormField).get(
        FormFieldBlueprint.dataRefs.formFieldLoader,
      ),
      createExtensionTester(eksClusterNameConfirmationFormField).get(
        FormFieldBlueprint.dataRefs.formFieldLoader,
      ),
      createExtensionTester(eksDesiredNodeCountFormField).get(
        FormFieldBlueprint.dataRefs.formFieldLoader,
      ),
      createExtensionTester(eksSelectedAddonPickerFormField).get(
        FormFieldBlueprint.dataRefs.formFieldLoader,
      ),
      createExtensionTester(eksAccountIdFormField).get(
        FormFieldBlueprint.dataRefs.formFieldLoader,
      ),
      createExtensionTester(eksIamPrincipalPickerFormField).get(
        FormFieldBlueprint.dataRefs.formFieldLoader,
      ),
      createExtensionTester(eksVpcPickerFormField).get(
        FormFieldBlueprint.dataRefs.formFieldLoader,
      ),
      createExtensionTester(eksSubnetPickerFormField).get(
        FormFieldBlueprint.dataRefs.formFieldLoader,
      ),
      createExtensionTester(eksInstanceTypePickerFormField).get(
        FormFieldBlueprint.dataRefs.formFieldLoader,
      ),
      createExtensionTester(eksActionPlanFormField).get(
        FormFieldBlueprint.dataRefs.formFieldLoader,
      ),
    ];
    const fields = await Promise.all(loaders.map(load => load()));
    expect(fields).toEqual(
      Array(loaders.length).fill(
        expect.objectContaining({ $$type: '@backstage/scaffolder/FormField' }),
      ),
    );
  });
});
