import {
  CreateRoleCommand,
  CreateUserCommand,
  ListRolesCommand,
  ListUsersCommand,
  paginateListRoles,
  paginateListUsers,
} from '@aws-sdk/client-iam';
import { iamClient } from '../../__testUtils__/clients';
import { useSandbox } from '../../__testUtils__/useSandbox';

const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: { Service: 'ec2.amazonaws.com' },
      Action: 'sts:AssumeRole',
    },
  ],
});

describe('IAM ListRoles and ListUsers pages (MaxItems, Marker)', () => {
  const sandbox = useSandbox({ latencyFactor: 0.001 });
  beforeAll(async () => {
    const iam = iamClient(sandbox);
    for (let i = 0; i < 7; i++) {
      await iam.send(
        new CreateRoleCommand({
          RoleName: `paged-role-${i}`,
          AssumeRolePolicyDocument: TRUST,
        }),
      );
      await iam.send(new CreateUserCommand({ UserName: `paged-user-${i}` }));
    }
  });

  it('answers MaxItems roles with IsTruncated and a Marker, and the next page from the Marker', async () => {
    const iam = iamClient(sandbox);
    const all = (await iam.send(new ListRolesCommand({}))).Roles!.map(
      r => r.RoleName,
    );
    expect(all.length).toBeGreaterThan(7);
    const first = await iam.send(new ListRolesCommand({ MaxItems: 3 }));
    expect(first.Roles).toHaveLength(3);
    expect(first.IsTruncated).toBe(true);
    expect(first.Marker).toEqual(expect.any(String));
    const second = await iam.send(
      new ListRolesCommand({ MaxItems: 3, Marker: first.Marker }),
    );
    expect(second.Roles!.map(r => r.RoleName)).toEqual(all.slice(3, 6));
    const names: string[] = [];
    for await (const page of paginateListRoles(
      { client: iam, pageSize: 2 },
      {},
    )) {
      expect(page.Roles!.length).toBeLessThanOrEqual(2);
      names.push(...page.Roles!.map(r => r.RoleName!));
    }
    expect(names).toEqual(all);
  });

  it('pages users the same way, and the last page is not truncated', async () => {
    const iam = iamClient(sandbox);
    const names: string[] = [];
    let pages = 0;
    for await (const page of paginateListUsers(
      { client: iam, pageSize: 4 },
      {},
    )) {
      pages++;
      names.push(...page.Users!.map(u => u.UserName!));
    }
    expect(pages).toBe(2); // 7 users and sandbox-admin
    expect(names.sort()).toEqual(
      [
        'sandbox-admin',
        ...Array.from({ length: 7 }, (_, i) => `paged-user-${i}`),
      ].sort(),
    );
    const last = await iam.send(new ListUsersCommand({ MaxItems: 100 }));
    expect(last.IsTruncated).toBe(false);
    expect(last.Marker).toBeUndefined();
  });

  it('refuses a Marker it did not hand out, and MaxItems out of 1-1000', async () => {
    const iam = iamClient(sandbox);
    const badMarker = await iam
      .send(new ListRolesCommand({ Marker: 'not-a-marker' }))
      .catch(e => e);
    expect(badMarker.name).toBe('ValidationError');
    expect(badMarker.message).toBe('Invalid Marker.');
    const tooMany = await iam
      .send(new ListUsersCommand({ MaxItems: 1001 }))
      .catch(e => e);
    expect(tooMany.name).toBe('ValidationError');
    expect(tooMany.message).toBe(
      "1 validation error detected: Value '1001' at 'maxItems' failed to satisfy constraint: Member must have value less than or equal to 1000",
    );
    const none = await iam
      .send(new ListRolesCommand({ MaxItems: 0 }))
      .catch(e => e);
    expect(none.name).toBe('ValidationError');
  });
});
