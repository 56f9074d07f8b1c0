import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import yaml from 'yaml';

/** A software template as the catalog stores it. */
export interface TemplateEntity {
  apiVersion: string;
  kind: 'Template';
  metadata: { name: string; namespace: string; [key: string]: unknown };
  spec: Record<string, unknown>;
}

/** The repository's templates folder. */
export const TEMPLATES_DIR = resolve(__dirname, '../../../../templates');

/** Reads templates/<folder>/template.yaml as a catalog entity. */
export function loadTemplate(folder: string): TemplateEntity {
  const entity = yaml.parse(
    readFileSync(resolve(TEMPLATES_DIR, folder, 'template.yaml'), 'utf8'),
  ) as TemplateEntity;
  return {
    ...entity,
    metadata: { ...entity.metadata, namespace: 'default' },
  };
}

/** The entity ref of a template. */
export function templateRef(template: TemplateEntity): string {
  return `template:default/${template.metadata.name}`;
}
