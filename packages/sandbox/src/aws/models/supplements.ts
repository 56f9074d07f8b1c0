import type { ServiceModel } from './types';

/**
 * What EKS's API has that botocore 1.43.11 (the committed models' source)
 * does not publish yet, from the AWS SDK for JavaScript v3
 * (@aws-sdk/client-eks 3.1169) and the EKS API reference: cluster version
 * rollback (UpdateClusterVersion's `rollbackConfig`, API_RollbackConfig.html)
 * and its insight category ROLLBACK_READINESS (ListInsights' filter). Without
 * them the sandbox would refuse a ListInsights filter real EKS accepts.
 * Applied over the generated model when it is loaded; the generated file
 * stays botocore's.
 */
export function withSupplements(
  service: string,
  model: ServiceModel,
): ServiceModel {
  if (service !== 'eks') return model;
  const shapes = { ...model.shapes };
  const category = shapes.Category;
  if (category?.enum && !category.enum.includes('ROLLBACK_READINESS')) {
    shapes.Category = {
      ...category,
      enum: [...category.enum, 'ROLLBACK_READINESS'],
    };
  }
  const request = shapes.UpdateClusterVersionRequest;
  if (request && !request.members?.rollbackConfig) {
    // timeoutMinutes' 120..10080 is prose in the API reference, not a
    // model bound: the handler checks it, naming the field
    shapes.RollbackConfig = {
      type: 'structure',
      members: { timeoutMinutes: { shape: 'BoxedInteger' } },
    };
    shapes.UpdateClusterVersionRequest = {
      ...request,
      members: {
        ...request.members,
        rollbackConfig: { shape: 'RollbackConfig' },
      },
    };
  }
  return { ...model, shapes };
}
