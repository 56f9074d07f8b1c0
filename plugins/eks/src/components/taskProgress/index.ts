export { EksTemplateOutputs } from './EksTemplateOutputs';
export { EksTaskProgress } from './EksTaskProgress';
export { EksAddonResults, addonsOfOutput } from './EksAddonResults';
export type { AddonOutput, AddonOutputIssue } from './EksAddonResults';
export { namedSteps } from './namedSteps';
export type { NamedStep, NamedStepState } from './namedSteps';
export { EKS_TEMPLATE_REFS, templateRefsConfigSchema } from './templateRefs';
