import { readdirSync, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadTemplate, TEMPLATES_DIR } from './__testUtils__/templates';

const folders = readdirSync(TEMPLATES_DIR).filter(folder =>
  existsSync(resolve(TEMPLATES_DIR, folder, 'template.yaml')),
);

/**
 * Every title a person reads in the form and the task page, with where it
 * sits. The scaffolder shows these as they are written: it renders step
 * inputs, `if` and the output, never a step's name nor a form title, so an
 * expression there reaches the page as `${{ ... }}`.
 */
function titles(template: ReturnType<typeof loadTemplate>) {
  const found: { where: string; text: string }[] = [];
  const spec = template.spec as {
    parameters?: unknown;
    steps?: { id: string; name?: string }[];
  };
  found.push({
    where: 'metadata.title',
    text: String(template.metadata.title),
  });
  const visit = (node: unknown, where: string) => {
    if (Array.isArray(node)) {
      node.forEach((item, i) => visit(item, `${where}[${i}]`));
    } else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key === 'title' && typeof value === 'string') {
          found.push({ where: `${where}.title`, text: value });
        } else {
          visit(value, `${where}.${key}`);
        }
      }
    }
  };
  visit(spec.parameters, 'spec.parameters');
  for (const step of spec.steps ?? []) {
    found.push({ where: `step ${step.id} name`, text: String(step.name) });
  }
  return found;
}

describe('template titles', () => {
  it('finds the templates', () => {
    expect(folders).toEqual(
      expect.arrayContaining([
        'delete-eks-cluster',
        'install-eks-addons',
        'new-eks-cluster',
        'pod-identity',
        'setup-karpenter',
      ]),
    );
  });

  it.each(folders)(
    '%s: no step name or form title holds an expression the scaffolder does not render',
    folder => {
      const template = loadTemplate(folder);
      const all = titles(template);
      expect(all.filter(t => t.where.startsWith('step '))).not.toEqual([]);
      expect(all.filter(t => t.text.includes('${{'))).toEqual([]);
    },
  );
});
