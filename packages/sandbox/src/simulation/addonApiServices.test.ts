import {
  CreateAddonCommand,
  DeleteAddonCommand,
  waitUntilAddonActive,
  waitUntilAddonDeleted,
} from '@aws-sdk/client-eks';
import { eksClient, eventually, fastWaiter } from '../__testUtils__/clients';
import { useSandbox } from '../__testUtils__/useSandbox';

const METRICS_API = 'v1beta1.metrics.k8s.io';

describe('add-ons that register aggregated APIs', () => {
  const sandbox = useSandbox({ latencyFactor: 0.001 });
  beforeEach(() => sandbox.reset());

  const kube = () =>
    sandbox.state.region('000000000000', 'eu-west-1').eks.clusters.get('demo')!
      .kube!;
  const availability = () =>
    (
      kube().get(
        'apiregistration.k8s.io/v1',
        'APIService',
        undefined,
        METRICS_API,
      )?.status as
        | { conditions?: Array<{ type: string; status: string }> }
        | undefined
    )?.conditions?.find(c => c.type === 'Available')?.status;

  it('metrics-server registers v1beta1.metrics.k8s.io behind its Service, Available once its pods are ready, gone with the add-on', async () => {
    const eks = eksClient(sandbox);
    // EKS does not deploy metrics-server by default
    expect(availability()).toBeUndefined();

    await eks.send(
      new CreateAddonCommand({
        clusterName: 'demo',
        addonName: 'metrics-server',
      }),
    );
    await waitUntilAddonActive(fastWaiter(eks), {
      clusterName: 'demo',
      addonName: 'metrics-server',
    });
    expect(
      kube().get('v1', 'Service', 'kube-system', 'metrics-server')?.spec,
    ).toMatchObject({
      selector: { 'app.kubernetes.io/name': 'metrics-server' },
    });
    await eventually(async () => availability() === 'True' || undefined);

    await eks.send(
      new DeleteAddonCommand({
        clusterName: 'demo',
        addonName: 'metrics-server',
      }),
    );
    await waitUntilAddonDeleted(fastWaiter(eks), {
      clusterName: 'demo',
      addonName: 'metrics-server',
    });
    expect(availability()).toBeUndefined();
    expect(
      kube().get('v1', 'Service', 'kube-system', 'metrics-server'),
    ).toBeUndefined();
  });
});
