import {
  CreateLaunchTemplateCommand,
  DescribeLaunchTemplateVersionsCommand,
} from '@aws-sdk/client-ec2';
import type { Sandbox } from '@backstage-eks/sandbox';
import { useSandboxRun } from '../../__testUtils__/sandboxRun';
import { ProvisioningRun } from '../ProvisioningRun';
import { resourceTags, tagList } from '../tags';
import { ensureNodeLaunchTemplate } from './launchTemplate';

describe('ensureNodeLaunchTemplate against the sandbox', () => {
  let sandbox: Sandbox;
  let run: ProvisioningRun;
  const opts = {
    name: 'shop-system',
    clusterName: 'shop',
    tags: resourceTags('shop'),
  };
  const defaultMetadata = async (id: string) =>
    (
      await run.aws.ec2.send(
        new DescribeLaunchTemplateVersionsCommand({
          LaunchTemplateId: id,
          Versions: ['$Default'],
        }),
      )
    ).LaunchTemplateVersions?.[0]?.LaunchTemplateData?.MetadataOptions;

  const setup = useSandboxRun({ latencyFactor: 0.001 });
  beforeEach(() => {
    ({ sandbox, run } = setup);
  });

  it('creates a template requiring IMDSv2 with hop limit 2, then uses it as it is', async () => {
    const created = await ensureNodeLaunchTemplate(run, opts);
    expect(created).toEqual({
      id: expect.stringMatching(/^lt-/),
      name: 'shop-system',
      version: '1',
    });
    expect(await defaultMetadata(created.id)).toMatchObject({
      HttpTokens: 'required',
      HttpPutResponseHopLimit: 2,
    });
    sandbox.clearWrites();
    await expect(ensureNodeLaunchTemplate(run, opts)).resolves.toEqual(created);
    expect(sandbox.writes).toEqual([]);
  });

  it('corrects its template that allows hop limit 1 with a new default version', async () => {
    const made = await run.aws.ec2.send(
      new CreateLaunchTemplateCommand({
        LaunchTemplateName: 'shop-system',
        LaunchTemplateData: {
          MetadataOptions: {
            HttpTokens: 'optional',
            HttpPutResponseHopLimit: 1,
          },
        },
        TagSpecifications: [
          { ResourceType: 'launch-template', Tags: tagList(opts.tags) },
        ],
      }),
    );
    const id = made.LaunchTemplate!.LaunchTemplateId!;
    await expect(ensureNodeLaunchTemplate(run, opts)).resolves.toEqual({
      id,
      name: 'shop-system',
      version: '2',
    });
    expect(run.drift).toEqual([
      'launch template shop-system allows HttpTokens=optional with hop limit 1; pods such as the AWS Load Balancer Controller need IMDSv2 with hop limit 2',
    ]);
    expect(await defaultMetadata(id)).toMatchObject({
      HttpTokens: 'required',
      HttpPutResponseHopLimit: 2,
    });
  });
});
