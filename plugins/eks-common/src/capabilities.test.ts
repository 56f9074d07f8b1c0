import {
  capabilityRequestProblems,
  validateCapabilityName,
  validateIdcInstanceArn,
} from './capabilities';

const IDC = 'arn:aws:sso:::instance/ssoins-1234567890abcdef';

describe('capability request rules', () => {
  it('accepts an Argo CD capability with its Identity Center instance and role mappings, and ACK/KRO without configuration', () => {
    expect(
      capabilityRequestProblems({
        type: 'ARGOCD',
        capabilityName: 'argocd',
        deletePropagationPolicy: 'RETAIN',
        argoCd: {
          awsIdc: { idcInstanceArn: IDC },
          rbacRoleMappings: [
            { role: 'ADMIN', identities: [{ id: 'g-1', type: 'SSO_GROUP' }] },
          ],
        },
      }),
    ).toEqual([]);
    expect(
      capabilityRequestProblems({ type: 'ACK', capabilityName: 'ack_1' }),
    ).toEqual([]);
  });

  it('names each bad field and its rule', () => {
    expect(
      capabilityRequestProblems({
        type: 'FLUX',
        capabilityName: '-bad name',
        deletePropagationPolicy: 'DELETE',
      }),
    ).toEqual([
      expect.stringMatching(/^type must be one of ARGOCD, ACK, KRO/),
      expect.stringMatching(/^capabilityName must start with a letter/),
      expect.stringMatching(/^deletePropagationPolicy must be one of RETAIN/),
    ]);
    expect(
      capabilityRequestProblems({ type: 'ARGOCD', capabilityName: 'argocd' }),
    ).toEqual([
      expect.stringMatching(
        /^argoCd\.awsIdc\.idcInstanceArn is required for an ARGOCD capability/,
      ),
    ]);
    expect(
      capabilityRequestProblems({
        type: 'ARGOCD',
        capabilityName: 'argocd',
        argoCd: {
          awsIdc: { idcInstanceArn: 'arn:aws:iam::123456789012:role/x' },
          rbacRoleMappings: [
            { role: 'ADMIN', identities: [{ id: 'g', type: 'SSO_GROUP' }] },
            { role: 'ADMIN', identities: [] },
            {
              role: 'OWNER' as any,
              identities: [{ id: 'u', type: 'IAM_USER' as any }],
            },
          ],
          networkAccess: { vpceIds: ['vpc-123'] },
        },
      }),
    ).toEqual([
      expect.stringMatching(
        /^argoCd\.awsIdc\.idcInstanceArn must be an IAM Identity Center instance ARN/,
      ),
      'argoCd.rbacRoleMappings[1].role ADMIN is mapped twice: list all its identities in one mapping',
      'argoCd.rbacRoleMappings[1].identities must list at least one identity',
      'argoCd.rbacRoleMappings[2].role must be one of ADMIN, EDITOR, VIEWER',
      'argoCd.rbacRoleMappings[2].identities[0].type must be one of SSO_USER, SSO_GROUP',
      expect.stringMatching(
        /^argoCd\.networkAccess\.vpceIds\[0\] must be a VPC endpoint id/,
      ),
    ]);
    expect(
      capabilityRequestProblems({
        type: 'KRO',
        capabilityName: 'kro',
        argoCd: { awsIdc: { idcInstanceArn: IDC } },
      }),
    ).toEqual([
      'argoCd is only for ARGOCD capabilities; a KRO capability takes no configuration',
    ]);
  });

  it('checks names and Identity Center ARNs on their own', () => {
    expect(validateCapabilityName('a'.repeat(101))).toMatch(/at most 100/);
    expect(validateCapabilityName('my-argo_cd1')).toBeUndefined();
    expect(validateIdcInstanceArn(IDC)).toBeUndefined();
    expect(validateIdcInstanceArn('ssoins-1234567890abcdef')).toMatch(
      /Identity Center instance ARN/,
    );
  });
});
