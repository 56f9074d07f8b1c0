/**
 * The sandbox's command-line programs, behind the package's bins:
 * `eks-sandbox` ({@link runSandboxCli}) and the stand-in `helm`
 * ({@link runHelm}, bin/helm, which the Karpenter action runs).
 *
 * @packageDocumentation
 */
export {
  runSandboxCli,
  parseSandboxCliArgs,
  SANDBOX_CLI_DEFAULT_PORT,
  SANDBOX_CLI_USAGE,
} from './sandboxCli';
export type { SandboxCliCommand } from './sandboxCli';
export { runHelm } from './helm';
