import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { AwsCliService } from './cases';

const REPO = resolve(__dirname, '../../../..');

/** The AWS CLI's name of each SDK client package the product uses. */
const CLI_SERVICE: Record<string, AwsCliService> = {
  eks: 'eks',
  iam: 'iam',
  sts: 'sts',
  ec2: 'ec2',
  'elastic-load-balancing-v2': 'elbv2',
  sqs: 'sqs',
  eventbridge: 'events',
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap(entry => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) {
      return entry === '__testUtils__' || entry === 'node_modules'
        ? []
        : sourceFiles(path);
    }
    return /\.tsx?$/.test(entry) && !/\.test\.tsx?$/.test(entry) ? [path] : [];
  });
}

/**
 * Every AWS operation the product's code sends, as `<cli service> <Operation>`:
 * each `new XCommand(...)` and `paginateX(...)` of an `@aws-sdk/client-*`
 * import in plugins/*\/src (tests and test utilities left out).
 */
export function productAwsOperations(): string[] {
  const found = new Set<string>();
  const plugins = join(REPO, 'plugins');
  for (const plugin of readdirSync(plugins)) {
    const src = join(plugins, plugin, 'src');
    try {
      statSync(src);
    } catch {
      continue;
    }
    for (const file of sourceFiles(src)) {
      const text = readFileSync(file, 'utf8');
      const imported = new Map<string, [string, string]>();
      for (const m of text.matchAll(
        /import\s*(?:type\s*)?\{([^}]*)\}\s*from\s*'@aws-sdk\/client-([\w-]+)'/g,
      )) {
        for (const part of m[1].split(',')) {
          const [name, alias] = part.trim().split(/\s+as\s+/);
          if (name) imported.set((alias ?? name).trim(), [m[2], name.trim()]);
        }
      }
      const use = (local: string, operation: (name: string) => string) => {
        const source = imported.get(local);
        if (!source) return;
        const service = CLI_SERVICE[source[0]];
        if (!service) {
          throw new Error(
            `${file} uses @aws-sdk/client-${source[0]}, which the conformance suite does not know`,
          );
        }
        found.add(`${service} ${operation(source[1])}`);
      };
      for (const m of text.matchAll(/\bnew\s+(\w+Command)\b/g)) {
        use(m[1], name => name.replace(/Command$/, ''));
      }
      for (const m of text.matchAll(/\b(paginate\w+)\s*\(/g)) {
        use(m[1], name => name.replace(/^paginate/, ''));
      }
    }
  }
  return [...found].sort();
}
