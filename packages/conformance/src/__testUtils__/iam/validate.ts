import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { REPO } from './sdkCalls';
import { SDK_SERVICES } from './services';
import type { PolicyDocument } from './policies';

/** Actions that authorize something other than an API operation of their own. */
const PERMISSION_ONLY = new Set(['iam:PassRole']);
const CONDITION_OPERATORS = new Set(['StringEquals', 'StringLike', 'ArnLike']);
/** A managed policy's size limit: characters, whitespace not counted. */
const MANAGED_POLICY_MAX = 6144;
const MODELS = join(REPO, 'packages', 'sandbox', 'src', 'aws', 'models');

interface Model {
  metadata: { endpointPrefix: string; signingName?: string };
  operations: Record<string, unknown>;
}

let botocoreDir: string | null | undefined;
function botocoreData(): string | undefined {
  if (botocoreDir === undefined) {
    try {
      botocoreDir = execFileSync(
        'python3',
        [
          '-c',
          'import botocore,os;print(os.path.join(os.path.dirname(botocore.__file__),"data"))',
        ],
        { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
      ).trim();
    } catch {
      botocoreDir = null;
    }
  }
  return botocoreDir ?? undefined;
}

function botocoreModel(name: string): Model | undefined {
  const data = botocoreData();
  const dir = data && join(data, name);
  if (!dir || !existsSync(dir)) return undefined;
  const version = readdirSync(dir).sort().pop()!;
  const file = join(dir, version, 'service-2.json');
  const text = existsSync(file)
    ? readFileSync(file, 'utf8')
    : gunzipSync(readFileSync(`${file}.gz`)).toString('utf8');
  return JSON.parse(text) as Model;
}

const models = new Map<string, Model[]>();
/** The models of an IAM prefix: the sandbox's, then botocore's full one if installed. */
function modelsOf(prefix: string): Model[] {
  if (!models.has(prefix)) {
    const service = Object.values(SDK_SERVICES).find(
      s => s.iamPrefix === prefix,
    );
    const found: Model[] = [];
    if (service) {
      const shipped = join(MODELS, `${service.model}.json`);
      if (existsSync(shipped)) {
        found.push(JSON.parse(readFileSync(shipped, 'utf8')) as Model);
      }
      const full = botocoreModel(service.botocore);
      if (full) found.push(full);
    }
    models.set(prefix, found);
  }
  return models.get(prefix)!;
}

/** Why an action is not one the service knows, or undefined when it is. */
export function unknownActionProblem(action: string): string | undefined {
  const m = /^([a-z0-9-]+):([A-Z][A-Za-z0-9]+)$/.exec(action);
  if (!m) return `${action} is not service:Operation`;
  if (PERMISSION_ONLY.has(action)) return undefined;
  const [, prefix, operation] = m;
  const known = modelsOf(prefix);
  if (known.length === 0) {
    return `${action}: no model of the ${prefix} service (packages/sandbox/src/aws/models or botocore)`;
  }
  for (const model of known) {
    const name = model.metadata.signingName ?? model.metadata.endpointPrefix;
    if (name !== prefix) {
      return `${action}: the ${prefix} model signs as ${name}, not ${prefix}`;
    }
  }
  if (known.some(model => operation in model.operations)) return undefined;
  return `${action}: ${prefix} has no operation ${operation} (${
    known.length > 1
      ? "the sandbox's model and botocore's"
      : "the sandbox's model; botocore not found"
  })`;
}

/** Every way the document is not a well-formed IAM identity policy, empty when it is. */
export function policyProblems(doc: unknown): string[] {
  const problems: string[] = [];
  const d = doc as Partial<PolicyDocument> | null;
  if (!d || typeof d !== 'object') return ['the policy is not a JSON object'];
  if (d.Version !== '2012-10-17') problems.push('Version must be "2012-10-17"');
  if (!Array.isArray(d.Statement) || d.Statement.length === 0) {
    return [...problems, 'Statement must be a non-empty array'];
  }
  const sids = new Set<string>();
  d.Statement.forEach((s, i) => {
    const at = `Statement[${i}]`;
    if (!/^[A-Za-z0-9]+$/.test(s.Sid ?? '')) {
      problems.push(`${at}.Sid must be alphanumeric`);
    }
    if (sids.has(s.Sid)) problems.push(`${at}.Sid ${s.Sid} is used twice`);
    sids.add(s.Sid);
    if (s.Effect !== 'Allow') problems.push(`${at}.Effect must be "Allow"`);
    if (s.Resource !== '*' && !/^arn:/.test(String(s.Resource))) {
      problems.push(`${at}.Resource must be "*" or an ARN`);
    }
    if (!Array.isArray(s.Action) || s.Action.length === 0) {
      problems.push(`${at}.Action must be a non-empty array of strings`);
    } else {
      const sorted = [...s.Action].sort();
      if (new Set(s.Action).size !== s.Action.length) {
        problems.push(`${at}.Action lists an action twice`);
      }
      if (sorted.join() !== s.Action.join()) {
        problems.push(`${at}.Action must be sorted`);
      }
      for (const action of s.Action) {
        const problem = unknownActionProblem(action);
        if (problem) problems.push(`${at}.Action: ${problem}`);
      }
    }
    for (const [operator, keys] of Object.entries(s.Condition ?? {})) {
      if (!CONDITION_OPERATORS.has(operator)) {
        problems.push(`${at}.Condition: unknown operator ${operator}`);
      }
      for (const [key, values] of Object.entries(keys)) {
        if (!Array.isArray(values) || values.length === 0) {
          problems.push(`${at}.Condition.${operator}.${key} must list values`);
        }
      }
    }
  });
  const size = JSON.stringify(doc).replace(/\s/g, '').length;
  if (size > MANAGED_POLICY_MAX) {
    problems.push(
      `${size} characters: more than a managed policy's ${MANAGED_POLICY_MAX}`,
    );
  }
  return problems;
}
