import { InputError, NotFoundError } from '@backstage/errors';
import { ResourceNotFoundException } from '@aws-sdk/client-eks';
import { toBackstageError } from './errors';

function awsError(name: string, message: string) {
  return Object.assign(new Error(message), {
    name,
    $fault: 'client',
    $metadata: { httpStatusCode: 400 },
  });
}

describe('toBackstageError', () => {
  it.each([
    ['ResourceNotFoundException'],
    ['NoSuchEntity'],
    ['QueueDoesNotExist'],
    ['InvalidSubnetID.NotFound'],
    ['InvalidLaunchTemplateName.NotFoundException'],
  ])('turns AWS %s into a NotFoundError with the service text', name => {
    const error = toBackstageError(awsError(name, 'no such thing'));
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as Error).message).toBe(
      `AWS answered ${name}: no such thing`,
    );
  });

  it('recognises the SDK exception classes', () => {
    const error = toBackstageError(
      new ResourceNotFoundException({
        message: 'No addon: not-an-addon found',
        $metadata: {},
      }),
    );
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as Error).message).toMatch(/not-an-addon/);
  });

  it.each([
    ['InvalidParameterException'],
    ['ValidationError'],
    ['ValidationException'],
    ['InvalidParameterValue'],
    ['MalformedPolicyDocument'],
    ['InvalidVpcID.Malformed'],
  ])('turns AWS %s into an InputError', name => {
    const error = toBackstageError(awsError(name, 'kubernetesVersion: bad'));
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toBe(
      `AWS answered ${name}: kubernetesVersion: bad`,
    );
  });

  it('reads the Status of a Kubernetes refusal', () => {
    const error = toBackstageError(
      Object.assign(new Error('HTTP-Code: 422 Message: ... Headers: {...}'), {
        code: 422,
        body: JSON.stringify({
          kind: 'Status',
          reason: 'Invalid',
          message: 'NodePool "x" is invalid: spec.limits.cpu: Invalid value',
        }),
      }),
    );
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toBe(
      'Kubernetes answered 422 Invalid: NodePool "x" is invalid: spec.limits.cpu: Invalid value',
    );
  });

  it('leaves faults of the service, throttling and access denied alone', () => {
    for (const name of [
      'ThrottlingException',
      'ServerException',
      'AccessDeniedException',
      'AccessDenied',
    ]) {
      const error = awsError(name, 'x');
      expect(toBackstageError(error)).toBe(error);
    }
    const input = new InputError('clusterName: bad');
    expect(toBackstageError(input)).toBe(input);
  });

  it('turns a DNS miss on an AWS endpoint into an InputError about the region', () => {
    const dns = Object.assign(
      new Error('getaddrinfo ENOTFOUND eks.xx-nowhere-1.amazonaws.com'),
      { code: 'ENOTFOUND', hostname: 'eks.xx-nowhere-1.amazonaws.com' },
    );
    const error = toBackstageError(dns);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toMatch(
      /^region: the AWS endpoint eks\.xx-nowhere-1\.amazonaws\.com does not resolve: check that the region exists/,
    );
    // a resolver that cannot answer, or another host, is not the input
    const again = Object.assign(new Error('EAI_AGAIN'), {
      code: 'EAI_AGAIN',
      hostname: 'eks.eu-west-1.amazonaws.com',
    });
    expect(toBackstageError(again)).toBe(again);
    const other = Object.assign(new Error('ENOTFOUND'), {
      code: 'ENOTFOUND',
      hostname: 'proxy.internal',
    });
    expect(toBackstageError(other)).toBe(other);
  });
});
