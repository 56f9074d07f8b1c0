import { Nodegroup } from '@aws-sdk/client-eks';
import { InputError } from '@backstage/errors';
import { KubernetesClients } from '../../kubernetes/KubernetesClientFactory';
import { ProvisioningRun } from '../ProvisioningRun';
import { blockingBudgets, ClusterNode } from './clusterNodes';
import { nodegroupVersionProblem } from './nodegroupSteps';
import type { ReadinessInsight } from './readinessInsights';
import type { UpgradeFinding, UpgradeStepTiming } from './types';

/** A finding of the preflight's own checks (ids `preflight:<check>:<subject>`). */
export function preflightFinding(
  check: string,
  subject: string,
  name: string,
  status: 'ERROR' | 'WARNING',
  reason: string,
  recommendation: string,
): UpgradeFinding {
  return {
    id: `preflight:${check}:${subject}`,
    name,
    status,
    reason,
    recommendation,
  };
}

/** A finding as one line: name, status, reason and fix. */
export function findingLine(f: UpgradeFinding): string {
  const source = f.id.startsWith('preflight:') ? '' : `, EKS insight ${f.id}`;
  const reason = /[.!?]$/.test(f.reason) ? f.reason : `${f.reason}.`;
  return `${f.name} (${f.status}${source}): ${reason}${
    f.recommendation ? ` Fix: ${f.recommendation}` : ''
  }`;
}

/**
 * Stops the flow before any change when findings block it: an InputError
 * naming each with its fix. With `force`, overridable findings are noted
 * and the flow goes on; `always` ones (what EKS refuses even forced) stop
 * it regardless.
 */
export function stopOnBlockingFindings(
  run: ProvisioningRun,
  field: string,
  what: string,
  blocking: UpgradeFinding[],
  always: UpgradeFinding[],
  force: boolean,
): void {
  const stopping = force ? always : [...always, ...blocking];
  if (stopping.length > 0) {
    throw new InputError(
      [
        `${field}: the ${what} is blocked${
          force ? ' (even with force)' : ''
        }; nothing was changed:`,
        ...stopping.map(f => `- ${findingLine(f)}`),
        force || always.length === stopping.length
          ? 'Fix these, then run again.'
          : 'Fix these, then run again; or set force to override them (EKS then overrides its readiness checks too).',
      ].join('\n'),
    );
  }
  for (const f of blocking) {
    run.note(`Overridden by force: ${findingLine(f)}`);
  }
}

/** Runs a named step of the flow and records how long it took. */
export async function timedStep<T>(
  run: ProvisioningRun,
  steps: UpgradeStepTiming[],
  title: string,
  fn: () => Promise<T>,
): Promise<T> {
  const started = Date.now();
  try {
    return await run.step(title, fn);
  } finally {
    steps.push({ title, elapsedMs: Date.now() - started });
  }
}

/** The judging of readiness insights: which ERRORs the flow fixes itself. */
export interface InsightFixes {
  /** Every add-on the insight could name gets a version that runs on the target. */
  addons: boolean;
  /** kube-proxy is moved by the flow. */
  kubeProxy: boolean;
  /** The node groups the flow moves to a version the insight accepts. */
  nodegroupArns: Set<string>;
}

/**
 * EKS's readiness insights not PASSING, as findings; the ERRORs the flow
 * does not fix itself (add-on compatibility, kube-proxy and kubelet skew
 * when it moves what they name) block it.
 */
export function judgeInsights(
  insights: ReadinessInsight[],
  fixes: InsightFixes,
): { findings: UpgradeFinding[]; blocking: UpgradeFinding[] } {
  const findings: UpgradeFinding[] = [];
  const blocking: UpgradeFinding[] = [];
  for (const insight of insights) {
    if (insight.finding.status === 'PASSING') continue;
    findings.push(insight.finding);
    if (insight.finding.status !== 'ERROR') continue;
    const fixed =
      (insight.kind === 'addon-compatibility' && fixes.addons) ||
      (insight.kind === 'kube-proxy-skew' && fixes.kubeProxy) ||
      (insight.kind === 'kubelet-skew' &&
        insight.resources.length > 0 &&
        insight.resources.every(r => fixes.nodegroupArns.has(r)));
    if (!fixed) blocking.push(insight.finding);
  }
  return { findings, blocking };
}

/** Whether the preflight's own checks found an add-on it cannot move. */
export const addonUnfixable = (findings: UpgradeFinding[]) =>
  findings.some(
    f => f.id.startsWith('preflight:addon:') && f.status === 'ERROR',
  );

/** Node groups that EKS cannot move to a version (custom AMI, AL2 on 1.33+). */
export function nodegroupAmiFindings(
  nodegroups: Nodegroup[],
  version: string,
): UpgradeFinding[] {
  return nodegroups.flatMap(ng => {
    const problem = nodegroupVersionProblem(ng, version);
    return problem
      ? [
          preflightFinding(
            'nodegroup-ami',
            ng.nodegroupName ?? '',
            `Node group ${ng.nodegroupName} on Kubernetes ${version}`,
            'ERROR',
            problem.replace(/:.*$/, '.'),
            problem.replace(/^[^:]*: /, ''),
          ),
        ]
      : [];
  });
}

/**
 * PodDisruptionBudgets that allow no eviction of pods on the nodes the
 * flow replaces (those of the given node groups, and NodeClaim nodes when
 * asked), as findings: ERRORs before the flow began, WARNINGs for a run
 * that finds it under way (evictions in progress make budgets allow none
 * for a while; a budget that keeps blocking fails the node group's update
 * with its errors).
 */
export async function budgetFindings(
  run: ProvisioningRun,
  k8s: KubernetesClients,
  nodes: ClusterNode[],
  replaced: (node: ClusterNode) => boolean,
  flow: string,
  status: 'ERROR' | 'WARNING' = 'ERROR',
): Promise<UpgradeFinding[]> {
  const drained = new Set(nodes.filter(replaced).map(n => n.name));
  const budgets = await blockingBudgets(run, k8s, drained);
  return budgets.map(b =>
    preflightFinding(
      'pdb',
      `${b.namespace}/${b.name}`,
      `PodDisruptionBudget ${b.namespace}/${b.name} blocks draining`,
      status,
      `It allows no disruption now, and selects pods on nodes the ${flow} replaces: ${b.pods.join(
        ', ',
      )} (on ${b.nodes.join(
        ', ',
      )}). A node group update fails with PodEvictionFailure on it, and Karpenter's drift waits on it.`,
      `Scale the workload up or relax the budget (minAvailable/maxUnavailable) so that at least one pod may be evicted, or set force (node groups then replace nodes whatever the budget says).`,
    ),
  );
}
