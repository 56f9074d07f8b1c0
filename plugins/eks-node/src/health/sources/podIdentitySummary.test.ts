import { toPodIdentityAssociationSummary } from './eks';

describe('toPodIdentityAssociationSummary', () => {
  const base = {
    associationId: 'a-00000000000000001',
    namespace: 'orders',
    serviceAccount: 'orders-api',
    roleArn: 'arn:aws:iam::000000000000:role/orders',
    externalId: 'eu-west-1/000000000000/demo/orders/orders-api',
  };

  it('keeps the target role with its external id, session tags and the session policy', () => {
    expect(
      toPodIdentityAssociationSummary({
        ...base,
        targetRoleArn: 'arn:aws:iam::222233334444:role/orders-data',
        disableSessionTags: true,
        policy: '{"Version":"2012-10-17","Statement":[]}',
      }),
    ).toEqual({
      ...base,
      ownerArn: undefined,
      targetRoleArn: 'arn:aws:iam::222233334444:role/orders-data',
      disableSessionTags: true,
      sessionPolicy: '{"Version":"2012-10-17","Statement":[]}',
    });
  });

  it('leaves out the external id when there is no target role to trust it', () => {
    expect(
      toPodIdentityAssociationSummary({ ...base, disableSessionTags: false })
        .externalId,
    ).toBeUndefined();
  });
});
