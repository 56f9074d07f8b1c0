import type { TemplateEntity } from './templates';

/**
 * The template the form's EksActionPlan field dry-runs (plugins/eks
 * EksActionPlan's planTemplate): one step, the action of its ui:options
 * with each input read from its form field, empty ones left out, and the
 * action's plan lines as the output.
 */
export function planFieldTemplate(
  plan: Record<string, any>,
  form: Record<string, unknown>,
): TemplateEntity {
  const options = plan['ui:options'];
  const input = Object.fromEntries(
    Object.entries(options.input as Record<string, string>)
      .map(([name, field]) => [name, form[field]] as const)
      .filter(([, value]) => value !== undefined && value !== ''),
  );
  return {
    apiVersion: 'scaffolder.backstage.io/v1beta3',
    kind: 'Template',
    metadata: { name: 'eks-action-plan', namespace: 'default' },
    spec: {
      type: 'eks-action-plan',
      parameters: [],
      steps: [{ id: 'plan', name: 'Plan', action: options.action, input }],
      output: { plan: `\${{ steps['plan'].output['${options.output}'] }}` },
    },
  };
}
