export { EksActionPlan } from './EksActionPlan';
export { EksActionPlanFieldSchema } from './schema';
export type { EksActionPlanProps, EksActionPlanUiOptions } from './schema';
