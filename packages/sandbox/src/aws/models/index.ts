import ec2 from './ec2.json';
import eks from './eks.json';
import elbv2 from './elbv2.json';
import events from './events.json';
import iam from './iam.json';
import sqs from './sqs.json';
import sts from './sts.json';
import { ERROR_STYLES } from './errorStyles';
import { withSupplements } from './supplements';
import type { ServiceModel } from './types';
import { RequestInput, shapeViolations, validateRequest } from './validate';

/** The committed models (generated from botocore), by SigV4 service name. */
export const SERVICE_MODELS: Record<string, ServiceModel> = {
  ec2: ec2 as unknown as ServiceModel,
  eks: withSupplements('eks', eks as unknown as ServiceModel),
  elasticloadbalancing: elbv2 as unknown as ServiceModel,
  events: events as unknown as ServiceModel,
  iam: iam as unknown as ServiceModel,
  sqs: sqs as unknown as ServiceModel,
  sts: sts as unknown as ServiceModel,
};

/**
 * Checks a request against the service's published model; throws the error
 * the service answers with when the model refuses it. Returns the input read
 * into the model's members (JSON-shaped, whatever the protocol).
 */
export function checkInput(
  service: string,
  operation: string,
  input: RequestInput,
): Record<string, unknown> {
  const model = SERVICE_MODELS[service];
  const style = ERROR_STYLES[service];
  if (!model || !style)
    throw new Error(`no model or error style for the ${service} service`);
  const decoded = validateRequest(model, operation, input, style);
  if (service === 'eks') checkEksClusterName(model, operation, decoded);
  return decoded;
}

/**
 * EKS checks the cluster name of every operation against its ClusterName
 * rule, also where its model types the name as a plain String: real EKS
 * refuses `DescribeCluster` and `ListNodegroups` of a malformed name with
 * InvalidParameterException "The parameter name contains invalid
 * characters..." / "The clusterName parameter contains..."
 * (surajincloud/kubectl-eks#72), not with ResourceNotFoundException.
 */
function checkEksClusterName(
  model: ServiceModel,
  operation: string,
  decoded: Record<string, unknown>,
) {
  const input = model.operations[operation].input;
  const members = input ? model.shapes[input].members ?? {} : {};
  for (const [member, ref] of Object.entries(members)) {
    if (ref.location !== 'uri' || ref.locationName !== 'name') continue;
    if (typeof decoded[member] !== 'string') continue;
    const violations = shapeViolations(
      model,
      'ClusterName',
      decoded[member],
      member,
    );
    if (violations.length) throw ERROR_STYLES.eks.violations(violations);
  }
}
