import * as legacy from './index';

describe('legacy frontend system exports', () => {
  it('provides the plugin, its extensions and the field extensions', () => {
    expect(legacy.eksPlugin.getId()).toBe('eks');
    for (const extension of [
      legacy.EntityEksContent,
      legacy.EntityEksClusterHealthCard,
      legacy.EntityEksAddonsCard,
      legacy.EntityEksCapabilitiesCard,
      legacy.EntityEksClusterVersionCard,
      legacy.EksFleetPage,
      legacy.EntityEksFleetCard,
      legacy.EksClusterPickerFieldExtension,
      legacy.EksAddonPickerFieldExtension,
      legacy.EksAddonConfigurationFieldExtension,
      legacy.EksKubernetesVersionPickerFieldExtension,
      legacy.EksAccountIdFieldExtension,
      legacy.EksClusterNameConfirmationFieldExtension,
      legacy.EksDesiredNodeCountFieldExtension,
      legacy.EksSelectedAddonPickerFieldExtension,
      legacy.EksIamPrincipalPickerFieldExtension,
      legacy.EksVpcPickerFieldExtension,
      legacy.EksSubnetPickerFieldExtension,
      legacy.EksInstanceTypePickerFieldExtension,
      legacy.EksActionPlanFieldExtension,
    ]) {
      expect(typeof extension).toBe('function');
    }
    expect(legacy.eksPlugin.getApis()).toEqual([
      expect.objectContaining({ api: legacy.eksApiRef }),
    ]);
  });
});
