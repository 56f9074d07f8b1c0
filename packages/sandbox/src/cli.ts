/* eslint-disable no-console */
import { startSandbox } from './sandbox';

/**
 * `yarn workspace @backstage-eks/sandbox start`: runs the sandbox on 127.0.0.1:4599
 * (SANDBOX_PORT, SANDBOX_HOST, SANDBOX_LATENCY_FACTOR) and logs one line per request.
 */
async function main() {
  const port = Number(process.env.SANDBOX_PORT ?? 4599);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(
      `SANDBOX_PORT must be a port number, got ${process.env.SANDBOX_PORT}`,
    );
  }
  const latency = process.env.SANDBOX_LATENCY_FACTOR;
  const latencyFactor = latency === undefined ? undefined : Number(latency);
  if (latencyFactor !== undefined && !(latencyFactor >= 0)) {
    throw new Error(
      `SANDBOX_LATENCY_FACTOR must be a number >= 0, got ${latency}`,
    );
  }
  const sandbox = await startSandbox({
    port,
    host: process.env.SANDBOX_HOST ?? '127.0.0.1',
    latencyFactor,
    log: line => console.log(line),
  });
  console.log(
    `sandbox listening on ${sandbox.url} (account ${sandbox.accountId}, region ${sandbox.region}, latency factor ${sandbox.latencyFactor})`,
  );
  console.log(
    `demo cluster Kubernetes API: ${sandbox.clusterEndpoint(
      'demo',
    )} (HTTPS, CA in its DescribeCluster certificateAuthority.data; kubeconfig: AWS_ACCESS_KEY_ID=${
      sandbox.credentials.accessKeyId
    } AWS_SECRET_ACCESS_KEY=${
      sandbox.credentials.secretAccessKey
    } aws eks update-kubeconfig --name demo --region ${
      sandbox.region
    } --endpoint-url ${sandbox.url})`,
  );
  const shutdown = () => {
    sandbox.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch(e => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
