import { ResponseError } from '@backstage/errors';
import { describeLoadError, targetProblem } from './loadErrors';

/** What the eks client throws for a backend error body (Backstage's errorHandler shape). */
function backendError(status: number, name: string, message: string) {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: { name, message },
        request: { method: 'GET', url: '/api/eks/kubernetes-versions' },
        response: { statusCode: status },
      }),
      {
        status,
        statusText: status === 400 ? 'Bad Request' : 'Forbidden',
        headers: { 'content-type': 'application/json' },
      },
    ) as any,
  );
}

describe('targetProblem', () => {
  it("names the account or region field by the form's label", () => {
    expect(targetProblem({ accountId: '1234', region: 'eu-west-1' })).toEqual({
      field: 'accountId',
      message: 'AWS account id: must be a 12-digit AWS account id',
    });
    expect(targetProblem({ region: 'Ireland' })).toEqual({
      field: 'region',
      message: 'AWS region: must be an AWS region such as "eu-west-1"',
    });
    expect(
      targetProblem({ accountId: '123456789012', region: 'eu-west-1' }),
    ).toBeUndefined();
    expect(targetProblem({})).toBeUndefined();
  });
});

describe('describeLoadError', () => {
  it('makes the backend refusing the account id the account field’s problem', async () => {
    const error = await backendError(
      400,
      'InputError',
      'accountId 123456789012 has no AWS credentials in this portal: add it to aws.accounts in app-config, or leave accountId out to use the default account (no such account)',
    );
    expect(error.message).toMatch(/Request failed with 400/);
    expect(describeLoadError(error)).toEqual({
      field: 'accountId',
      message:
        'AWS account id: 123456789012 has no AWS credentials in this portal: add it to aws.accounts in app-config, or leave accountId out to use the default account (no such account)',
    });
    expect(
      describeLoadError(
        await backendError(
          400,
          'InputError',
          'query parameter accountId must be a 12-digit AWS account id',
        ),
      ),
    ).toEqual({
      field: 'accountId',
      message: 'AWS account id: must be a 12-digit AWS account id',
    });
  });

  it('makes a region AWS has no endpoint for the region field’s problem', async () => {
    expect(
      describeLoadError(
        await backendError(
          400,
          'InputError',
          'region: the AWS endpoint eks.xx-fake-9.amazonaws.com does not resolve: check that the region exists and offers the service',
        ),
      ),
    ).toEqual({
      field: 'region',
      message:
        'AWS region: the AWS endpoint eks.xx-fake-9.amazonaws.com does not resolve: check that the region exists and offers the service',
    });
  });

  it('says no access for a 403 and passes other answers on in their words', async () => {
    expect(
      describeLoadError(
        await backendError(
          403,
          'NotAllowedError',
          'permission eks.cluster.read is required',
        ),
        { accountId: '123456789012' },
      ),
    ).toEqual({
      message:
        'No access to account 123456789012: permission eks.cluster.read is required',
    });
    expect(
      describeLoadError(
        await backendError(
          400,
          'InputError',
          'AWS answered InvalidParameterException: bad version',
        ),
      ),
    ).toEqual({
      message: 'AWS answered InvalidParameterException: bad version',
    });
    expect(describeLoadError(new Error('Failed to fetch'))).toEqual({
      message: 'Failed to fetch',
    });
  });
});
