import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HelmCommandError, SpawnHelmRunner } from './helm';

describe('HelmCommandError', () => {
  it.each([
    [
      'Error: UPGRADE FAILED: the server has received too many requests and has asked us to try again later (TooManyRequests)',
      429,
    ],
    ['Error: Too many requests, please try again later.', 429],
    [
      'Error: INSTALLATION FAILED: the server is currently unable to handle the request',
      503,
    ],
    [
      'Error: UPGRADE FAILED: an error on the server ("") has prevented the request from succeeding',
      500,
    ],
    ['Error: etcdserver: request timed out', 500],
    [
      'Error: Kubernetes cluster unreachable: Get "https://x/version": http2: client connection lost',
      503,
    ],
  ])('marks %j as transient (%i)', (message, code) => {
    expect(new HelmCommandError(message).code).toBe(code);
  });

  it.each([
    'Error: INSTALLATION FAILED: chart "karpenter" version "9.9.9" not found',
    'Error: UPGRADE FAILED: another operation (install/upgrade/rollback) is in progress',
    'Error: Kubernetes cluster unreachable: the server has asked for the client to provide credentials',
    'Error: context deadline exceeded',
  ])('leaves %j final', message => {
    expect(new HelmCommandError(message).code).toBeUndefined();
  });
});

describe('SpawnHelmRunner', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'helm-runner-test-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function fakeHelm(stderr: string): string {
    const path = join(dir, `helm-${Math.random().toString(36).slice(2)}`);
    writeFileSync(path, `#!/bin/sh\necho '${stderr}' >&2\nexit 1\n`);
    chmodSync(path, 0o755);
    return path;
  }

  it('rejects with a HelmCommandError that says whether a retry may help', async () => {
    const throttled = new SpawnHelmRunner({
      helmPath: fakeHelm('Error: Too many requests, please try again later.'),
    });
    await expect(
      throttled.listReleases({ namespace: 'kube-system', kubeconfig: '' }),
    ).rejects.toMatchObject({
      name: 'HelmCommandError',
      code: 429,
      message:
        'helm list failed with exit code 1: Error: Too many requests, please try again later.',
    });
    const missingChart = new SpawnHelmRunner({
      helmPath: fakeHelm('Error: chart not found'),
    });
    const error = await missingChart
      .listReleases({ namespace: 'kube-system', kubeconfig: '' })
      .catch(e => e);
    expect(error).toBeInstanceOf(HelmCommandError);
    expect(error.code).toBeUndefined();
  });
});
