/* The IAM policy tool: `yarn iam-policy:generate | iam-policy:check | iam-policy:check-calls <log>` from the repository root. */
import { resolve } from 'node:path';
import { checkCallLogFile } from './callLog';
import { generatedFiles, staleFiles, writeFiles } from './generate';

async function main(command: string | undefined, arg: string | undefined) {
  const { files, combined, problems } = await generatedFiles();
  if (problems.length > 0) {
    process.stderr.write(
      `The generated policies are not well-formed IAM:\n${problems
        .map(p => `  ${p}`)
        .join('\n')}\n`,
    );
    return 1;
  }
  if (command === 'generate') {
    for (const path of writeFiles(files))
      process.stdout.write(`wrote ${path}\n`);
    return 0;
  }
  if (command === 'check') {
    const stale = staleFiles(files);
    if (stale.length > 0) {
      process.stderr.write(
        `Out of date with the AWS calls in plugins/eks-node/src (run \`yarn iam-policy:generate\` and commit):\n${stale
          .map(p => `  ${p}`)
          .join('\n')}\n`,
      );
      return 1;
    }
    process.stdout.write(`docs/iam: ${files.size} files up to date\n`);
    return 0;
  }
  if (command === 'check-calls' && arg) {
    const result = checkCallLogFile(resolve(arg), combined);
    if (result.problems.length > 0) {
      process.stderr.write(
        `The call log ${arg} is not covered by docs/iam/combined.json:\n${result.problems
          .map(p => `  ${p}`)
          .join('\n')}\n`,
      );
      return 1;
    }
    process.stdout.write(
      `${result.productCalls} product calls of ${result.actions.size} IAM actions (of ${result.calls} logged) are all allowed by docs/iam/combined.json\n`,
    );
    return 0;
  }
  process.stderr.write(
    'usage: cli.ts generate | check | check-calls <call log (SANDBOX_CALL_LOG)>\n',
  );
  return 2;
}

main(process.argv[2], process.argv[3]).then(
  code => process.exit(code),
  error => {
    process.stderr.write(`${error instanceof Error ? error.stack : error}\n`);
    process.exit(1);
  },
);
