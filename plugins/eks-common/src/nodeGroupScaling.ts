/**
 * A managed node group's scaling: EKS refuses a desired size outside
 * minimum..maximum (CreateNodegroup / UpdateNodegroupConfig scalingConfig).
 *
 * @public
 */
export interface NodeGroupScaling {
  minSize: number;
  desiredSize: number;
  maxSize: number;
}

/** The names the message uses for the three sizes. @public */
export interface NodeGroupScalingLabels {
  minSize: string;
  desiredSize: string;
  maxSize: string;
}

/**
 * Undefined when minimum ≤ desired ≤ maximum, else the sentence stating the
 * rule with the given labels (the action's input names, or the form's).
 *
 * @public
 */
export function nodeGroupScalingProblem(
  scaling: NodeGroupScaling,
  labels: NodeGroupScalingLabels = {
    minSize: 'nodeGroup.minSize',
    desiredSize: 'nodeGroup.desiredSize',
    maxSize: 'nodeGroup.maxSize',
  },
): string | undefined {
  const { minSize, desiredSize, maxSize } = scaling;
  if (minSize <= desiredSize && desiredSize <= maxSize) {
    return undefined;
  }
  return `${labels.desiredSize} must be between ${labels.minSize} and ${labels.maxSize} (got min ${minSize}, desired ${desiredSize}, max ${maxSize})`;
}
