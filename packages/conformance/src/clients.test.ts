import { SANDBOX_SECRET_ACCESS_KEY } from '@backstage-eks/sandbox';
import {
  AWS_PARSE_FAILURE,
  ClientEnvironment,
  findClients,
  KUBECTL_PARSE_FAILURE,
  missingClients,
} from './__testUtils__/clients';

describe('the conformance harness', () => {
  const ci = process.env.CI;
  afterEach(() => {
    if (ci === undefined) delete process.env.CI;
    else process.env.CI = ci;
  });

  it('names a missing client, and says it skipped only outside CI', () => {
    const found = { aws: 'aws-cli/1.45.11', kubectl: undefined };
    expect(missingClients(['aws'], found)).toBeUndefined();
    process.env.CI = 'true';
    expect(missingClients(['kubectl', 'aws'], found)).toBe(
      'conformance: the kubectl CLI not found on PATH, so these conformance cases cannot run',
    );
    delete process.env.CI;
    expect(missingClients(['kubectl', 'aws'], found)).toBe(
      'conformance: the kubectl CLI not found on PATH, so these conformance cases cannot run (skipped; CI=true makes this a failure)',
    );
  });

  it('finds no client on an empty PATH', () => {
    expect(findClients({ ...process.env, PATH: '/nonexistent' })).toEqual({
      aws: undefined,
      kubectl: undefined,
    });
  });

  it("recognises botocore's and client-go's parse failures, and not the services' own errors", () => {
    expect(
      AWS_PARSE_FAILURE.test(
        'Unable to parse response (not well-formed (invalid token): line 1, column 0), invalid XML received. Further retries may succeed:\nb\'{"message":"x"}\'',
      ),
    ).toBe(true);
    expect(
      AWS_PARSE_FAILURE.test(
        'An error occurred (InvalidParameterException) when calling the CreateCluster operation: bad',
      ),
    ).toBe(false);
    expect(
      KUBECTL_PARSE_FAILURE.test(
        "error: couldn't get version/kind; json parse error: invalid character '<' looking for beginning of value",
      ),
    ).toBe(true);
    expect(
      KUBECTL_PARSE_FAILURE.test(
        'Error from server (BadRequest): Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32',
      ),
    ).toBe(false);
  });

  it("keeps the machine's AWS setup out: empty config and credentials files, fixed keys, no pager", () => {
    const env = new ClientEnvironment('http://127.0.0.1:1', 'eu-west-1');
    try {
      expect(env.env).toMatchObject({
        AWS_ACCESS_KEY_ID: '000000000000',
        AWS_SECRET_ACCESS_KEY: SANDBOX_SECRET_ACCESS_KEY,
        AWS_PAGER: '',
        AWS_CONFIG_FILE: expect.stringContaining(env.dir),
        AWS_SHARED_CREDENTIALS_FILE: expect.stringContaining(env.dir),
      });
      expect(env.env.AWS_PROFILE).toBeUndefined();
      expect(env.env.AWS_SESSION_TOKEN).toBeUndefined();
    } finally {
      env.dispose();
    }
  });
});
