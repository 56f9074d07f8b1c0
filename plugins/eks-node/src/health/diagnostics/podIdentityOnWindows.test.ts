import {
  association,
  healthyObservations,
  node,
  nodeGroup,
  nodes,
} from '../__testUtils__/observations';
import { podIdentityOnWindows } from './podIdentityOnWindows';

describe('podIdentityOnWindows', () => {
  it('fires with Pod Identity associations and Windows nodes', () => {
    const obs = healthyObservations();
    obs.podIdentityAssociations = { data: [association()] };
    obs.nodeGroups = {
      data: [
        nodeGroup(),
        nodeGroup({ name: 'win', amiType: 'WINDOWS_CORE_2022_x86_64' }),
      ],
    };
    obs.nodes = {
      data: nodes([node(), node({ name: 'win-1', os: 'windows' })]),
    };
    const [finding] = podIdentityOnWindows(obs);
    expect(finding.id).toBe('pod-identity-on-windows');
    expect(finding.resources).toEqual(['nodegroup/win', 'node/win-1']);
  });

  it('stays quiet on Linux-only clusters or without associations', () => {
    const obs = healthyObservations();
    obs.podIdentityAssociations = { data: [association()] };
    obs.nodes = { data: nodes([node()]) };
    expect(podIdentityOnWindows(obs)).toEqual([]);

    const noAssociations = healthyObservations();
    noAssociations.nodes = { data: nodes([node({ os: 'windows' })]) };
    expect(podIdentityOnWindows(noAssociations)).toEqual([]);
  });
});
