/* eslint-disable @backstage/no-undeclared-imports -- a fixture for the call graph: the SDK packages are the root's, found from here by Node's resolution */
import {
  CreateClusterCommand,
  DeleteClusterCommand,
  EKSClient,
  paginateListClusters,
  waitUntilClusterActive,
} from '@aws-sdk/client-eks';
import { GetRoleCommand, IAMClient } from '@aws-sdk/client-iam';

/** Reached only through the interface. */
export interface RoleLookup {
  find(name: string): Promise<string | undefined>;
}

export class IamRoleLookup implements RoleLookup {
  constructor(private readonly iam: IAMClient) {}

  async find(name: string) {
    return (await this.iam.send(new GetRoleCommand({ RoleName: name }))).Role
      ?.Arn;
  }
}

const steps = {
  create: (eks: EKSClient, roleArn: string) =>
    eks.send(
      new CreateClusterCommand({
        name: 'fixture',
        roleArn,
        resourcesVpcConfig: {},
      }),
    ),
};

export async function createThing(eks: EKSClient, roles: RoleLookup) {
  const roleArn = (await roles.find('fixture')) ?? '';
  await steps.create(eks, roleArn);
  await waitUntilClusterActive(
    { client: eks, maxWaitTime: 1 },
    { name: 'fixture' },
  );
}

export class ThingReader {
  constructor(private readonly eks: EKSClient) {}

  async names() {
    const names: string[] = [];
    for await (const page of paginateListClusters({ client: this.eks }, {})) {
      names.push(...(page.clusters ?? []));
    }
    return names;
  }

  /** Nothing exported reaches it. */
  async remove(name: string) {
    await this.eks.send(new DeleteClusterCommand({ name }));
  }
}
