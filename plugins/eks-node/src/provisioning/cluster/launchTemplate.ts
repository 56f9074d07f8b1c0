import {
  CreateLaunchTemplateCommand,
  CreateLaunchTemplateVersionCommand,
  CreateTagsCommand,
  DescribeLaunchTemplatesCommand,
  DescribeLaunchTemplateVersionsCommand,
  ModifyLaunchTemplateCommand,
  RequestLaunchTemplateData,
} from '@aws-sdk/client-ec2';
import { checkOwnership } from '../ownership';
import { ProvisioningRun } from '../ProvisioningRun';
import { tagList, tagRecord } from '../tags';
import { ifExists } from '../waiters';

/**
 * The hop limit nodes need so that pods (one hop further than the node) can
 * reach the IMDSv2 endpoint: with 1, the AWS Load Balancer Controller fails
 * with "failed to fetch VPC ID from instance metadata".
 *
 * @public
 */
export const NODE_METADATA_HOP_LIMIT = 2;

/** Launch template data for EKS nodes: IMDSv2 required, hop limit 2. @public */
export function nodeLaunchTemplateData(
  tags: Record<string, string>,
): RequestLaunchTemplateData {
  return {
    MetadataOptions: {
      HttpTokens: 'required',
      HttpPutResponseHopLimit: NODE_METADATA_HOP_LIMIT,
      HttpEndpoint: 'enabled',
    },
    TagSpecifications: [
      { ResourceType: 'instance', Tags: tagList(tags) },
      { ResourceType: 'volume', Tags: tagList(tags) },
    ],
  };
}

/** A launch template and the version a node group should use. @public */
export interface LaunchTemplateRef {
  id: string;
  name: string;
  version: string;
}

type LaunchTemplateOptions = {
  name: string;
  clusterName: string;
  tags: Record<string, string>;
};

/**
 * Creates the node launch template, or adopts it; when its default version
 * does not require IMDSv2 with hop limit 2, creates a corrected version and
 * makes it the default.
 *
 * @public
 */
export async function ensureNodeLaunchTemplate(
  run: ProvisioningRun,
  opts: LaunchTemplateOptions,
): Promise<LaunchTemplateRef> {
  const { ec2 } = run.aws;
  const found = await ifExists(() =>
    ec2.send(
      new DescribeLaunchTemplatesCommand({ LaunchTemplateNames: [opts.name] }),
    ),
  );
  const template = found?.LaunchTemplates?.[0];
  if (!template) return createNodeLaunchTemplate(run, opts);
  const id = template.LaunchTemplateId ?? '';
  const versions = await ec2.send(
    new DescribeLaunchTemplateVersionsCommand({
      LaunchTemplateId: id,
      Versions: ['$Default'],
    }),
  );
  const current = versions.LaunchTemplateVersions?.[0];
  const metadata = current?.LaunchTemplateData?.MetadataOptions;
  const version = String(
    current?.VersionNumber ?? template.DefaultVersionNumber ?? 1,
  );
  const compliant =
    metadata?.HttpTokens === 'required' &&
    metadata?.HttpPutResponseHopLimit === NODE_METADATA_HOP_LIMIT;
  await checkOwnership(
    run,
    {
      resource: `launch template ${opts.name}`,
      tags: tagRecord(template.Tags),
      writeTags: async tags => {
        await ec2.send(
          new CreateTagsCommand({ Resources: [id], Tags: tagList(tags) }),
        );
      },
      keyParts: ['launch-template', opts.name],
    },
    {
      clusterName: opts.clusterName,
      changes: compliant ? [] : ['new default version: IMDSv2, hop limit 2'],
      useAsIs: true,
    },
  );
  if (compliant) {
    return { id, name: opts.name, version };
  }
  run.reportDrift(
    `launch template ${opts.name} allows HttpTokens=${
      metadata?.HttpTokens ?? 'optional'
    } with hop limit ${
      metadata?.HttpPutResponseHopLimit ?? 1
    }; pods such as the AWS Load Balancer Controller need IMDSv2 with hop limit ${NODE_METADATA_HOP_LIMIT}`,
  );
  return correctNodeLaunchTemplate(run, opts, { id, name: opts.name, version });
}

async function createNodeLaunchTemplate(
  run: ProvisioningRun,
  opts: LaunchTemplateOptions,
): Promise<LaunchTemplateRef> {
  const created = await run.change(
    {
      action: 'create',
      resource: `launch template ${opts.name}`,
      detail: 'IMDSv2 required, hop limit 2',
    },
    ['launch-template', opts.name],
    async () => {
      const response = await run.aws.ec2.send(
        new CreateLaunchTemplateCommand({
          LaunchTemplateName: opts.name,
          LaunchTemplateData: nodeLaunchTemplateData(opts.tags),
          TagSpecifications: [
            { ResourceType: 'launch-template', Tags: tagList(opts.tags) },
          ],
        }),
      );
      return {
        id: response.LaunchTemplate?.LaunchTemplateId ?? '',
        name: opts.name,
        version: String(response.LaunchTemplate?.LatestVersionNumber ?? 1),
      };
    },
  );
  return created ?? { id: '', name: opts.name, version: '1' };
}

/** A new default version of the template with IMDSv2 and hop limit 2. */
async function correctNodeLaunchTemplate(
  run: ProvisioningRun,
  opts: LaunchTemplateOptions,
  { id, version }: LaunchTemplateRef,
): Promise<LaunchTemplateRef> {
  const { ec2 } = run.aws;
  const corrected = await run.change(
    {
      action: 'update',
      resource: `launch template ${opts.name}`,
      detail: 'new version with IMDSv2 hop limit 2',
    },
    ['launch-template-version', opts.name, version],
    async () => {
      const response = await ec2.send(
        new CreateLaunchTemplateVersionCommand({
          LaunchTemplateId: id,
          SourceVersion: version,
          LaunchTemplateData: {
            MetadataOptions: nodeLaunchTemplateData(opts.tags).MetadataOptions,
          },
        }),
      );
      const newVersion = String(
        response.LaunchTemplateVersion?.VersionNumber ?? Number(version) + 1,
      );
      await ec2.send(
        new ModifyLaunchTemplateCommand({
          LaunchTemplateId: id,
          DefaultVersion: newVersion,
        }),
      );
      return newVersion;
    },
  );
  return { id, name: opts.name, version: corrected ?? version };
}
