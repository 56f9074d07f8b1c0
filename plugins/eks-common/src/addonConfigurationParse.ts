/** Reading configuration values written as JSON or YAML. */
import YAML from 'yaml';
import { AddonConfigurationProblem } from './addonConfigurationTypes';
import { appendIndex, appendKey, jsonType } from './addonConfigurationPaths';

const MAX_ALIASES = 100;

/** The parsed text: values (undefined when empty) or the problem. @public */
export type ParsedAddonConfiguration =
  | { values: Record<string, unknown> | undefined; problem?: undefined }
  | { values?: undefined; problem: AddonConfigurationProblem };

function nonFinite(value: unknown, path: string): string | undefined {
  if (typeof value === 'number') {
    return Number.isFinite(value) ? undefined : path;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = nonFinite(value[i], appendIndex(path, i));
      if (found !== undefined) return found;
    }
  } else if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      const found = nonFinite(child, appendKey(path, key));
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/**
 * Parses configuration values written as JSON or YAML. Never throws: a text
 * that breaks a rule comes back as the problem.
 *
 * @public
 */
export function parseAddonConfigurationValues(
  text: string,
): ParsedAddonConfiguration {
  if (text.trim() === '') return { values: undefined };
  const syntax = (reason: string): ParsedAddonConfiguration => ({
    problem: {
      path: '',
      rule: 'syntax',
      message: `must be JSON or YAML: ${reason.split('\n')[0]}`,
    },
  });
  let parsed: unknown;
  try {
    const doc = YAML.parseDocument(text, {
      version: '1.2',
      schema: 'core',
      uniqueKeys: true,
      stringKeys: true,
    });
    const [problem] = [...doc.errors, ...doc.warnings];
    if (problem) return syntax(problem.message);
    parsed = doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (error) {
    // Not instanceof: errors may come from another realm (test sandboxes).
    const message = (error as { message?: unknown } | undefined)?.message;
    return syntax(typeof message === 'string' ? message : String(error));
  }
  if (parsed === null || parsed === undefined) return { values: undefined };
  if (typeof parsed !== 'object' || Array.isArray(parsed)) {
    return {
      problem: {
        path: '',
        rule: 'mapping',
        message: `must be a JSON or YAML object (a mapping of keys), not ${
          Array.isArray(parsed) ? 'a list' : `a ${jsonType(parsed)}`
        }`,
      },
    };
  }
  const infinite = nonFinite(parsed, '');
  if (infinite !== undefined) {
    return {
      problem: {
        path: infinite,
        rule: 'finite-number',
        message: 'must be a finite number (JSON has no .inf or .nan)',
      },
    };
  }
  return { values: parsed as Record<string, unknown> };
}
