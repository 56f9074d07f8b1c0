import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListClustersCommand, EKSClient } from '@aws-sdk/client-eks';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { CALL_LOG_ENV, SandboxCall } from './callLog';
import { startSandbox, Sandbox } from './sandbox';
import { SANDBOX_SECRET_ACCESS_KEY } from './aws/sts/accessKeys';
import { DEFAULT_ACCOUNT_ID } from './state';

describe('the call log (SANDBOX_CALL_LOG)', () => {
  let dir: string;
  let sandbox: Sandbox;
  const previous = process.env[CALL_LOG_ENV];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sandbox-call-log-'));
    process.env[CALL_LOG_ENV] = join(dir, 'calls.jsonl');
    sandbox = await startSandbox({ port: 0, latencyFactor: 0 });
  });

  afterAll(async () => {
    await sandbox.stop();
    if (previous === undefined) delete process.env[CALL_LOG_ENV];
    else process.env[CALL_LOG_ENV] = previous;
    rmSync(dir, { recursive: true, force: true });
  });

  it('appends one line per AWS call with its service, operation and user agent', async () => {
    const common = {
      region: 'eu-west-1',
      endpoint: sandbox.url,
      credentials: {
        accessKeyId: DEFAULT_ACCOUNT_ID,
        secretAccessKey: SANDBOX_SECRET_ACCESS_KEY,
      },
      customUserAgent: 'call-log-test/1.2.3',
    };
    await new EKSClient(common).send(new ListClustersCommand({}));
    await new STSClient(common).send(new GetCallerIdentityCommand({}));
    const lines = readFileSync(process.env[CALL_LOG_ENV]!, 'utf8')
      .trim()
      .split('\n')
      .map(line => JSON.parse(line) as SandboxCall);
    expect(lines).toEqual([
      expect.objectContaining({
        service: 'eks',
        operation: 'ListClusters',
        accountId: DEFAULT_ACCOUNT_ID,
        region: 'eu-west-1',
        userAgent: expect.stringContaining('call-log-test/1.2.3'),
      }),
      expect.objectContaining({
        service: 'sts',
        operation: 'GetCallerIdentity',
        userAgent: expect.stringContaining('call-log-test/1.2.3'),
      }),
    ]);
  });
});
