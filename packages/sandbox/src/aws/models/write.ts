import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AWS_SERVICES } from '../services';
import { BOTOCORE_SERVICES, buildModel, Botocore } from './generate';
import type { ServiceModel } from './types';

/** The models of every sandbox service, keyed by botocore folder name. */
export function buildAllModels(
  botocore: Botocore,
): Record<string, ServiceModel> {
  return Object.fromEntries(
    Object.values(AWS_SERVICES).map(service => [
      BOTOCORE_SERVICES[service.name],
      buildModel(botocore, service.name, service.operations),
    ]),
  );
}

const WIDTH = 80;

/**
 * Prints JSON as prettier does (what `prettier --check` expects): a value on
 * one line when it fits in 80 columns with what precedes and follows it,
 * otherwise one member per line.
 */
function printJson(value: unknown, indent: number, used: number): string {
  const flat = (v: unknown): string => {
    if (Array.isArray(v)) return `[${v.map(flat).join(', ')}]`;
    if (v && typeof v === 'object') {
      const entries = Object.entries(v);
      return entries.length
        ? `{ ${entries
            .map(([k, x]) => `${JSON.stringify(k)}: ${flat(x)}`)
            .join(', ')} }`
        : '{}';
    }
    return JSON.stringify(v);
  };
  const one = flat(value);
  if (!value || typeof value !== 'object' || used + one.length <= WIDTH)
    return one;
  const pad = ' '.repeat(indent + 2);
  const lines = Array.isArray(value)
    ? value.map(
        (v, i) =>
          pad +
          printJson(v, indent + 2, pad.length + (i < value.length - 1 ? 1 : 0)),
      )
    : Object.entries(value).map(([k, v], i, all) => {
        const head = `${pad}${JSON.stringify(k)}: `;
        return (
          head +
          printJson(v, indent + 2, head.length + (i < all.length - 1 ? 1 : 0))
        );
      });
  const [open, close] = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
  return `${open}\n${lines.join(',\n')}\n${' '.repeat(indent)}${close}`;
}

/** Formats a model as committed (as prettier formats JSON). */
export function formatModel(model: ServiceModel): string {
  return `${printJson(model, 0, 0)}\n`;
}

/** Writes every model into `dir`; returns the files written. */
export function writeAllModels(botocore: Botocore, dir: string): string[] {
  return Object.entries(buildAllModels(botocore)).map(([name, model]) => {
    const file = join(dir, `${name}.json`);
    writeFileSync(file, formatModel(model));
    return file;
  });
}
