import { Addon } from '@aws-sdk/client-eks';
import { compareAddonVersions } from '@backstage-eks/plugin-eks-common';
import pLimit from 'p-limit';
import { PreparedAddon } from '../addons/prepareAddon';
import { ProvisioningRun } from '../ProvisioningRun';
import {
  addonRunsOn,
  addonVersionsFor,
  installedAddons,
  KUBE_PROXY,
  prepareAddonVersion,
} from './addonSteps';
import { preflightFinding } from './findings';
import type { UpgradeFinding } from './types';

/** An add-on and the version a version change moves it to. */
export interface AddonMove {
  addon: Addon;
  prepared: PreparedAddon;
}

/** How the add-ons follow a change of the control plane's version. */
export interface AddonPlanRequest {
  clusterName: string;
  /** Whether the change is an upgrade (one minor up) or a rollback (one minor down). */
  direction: 'upgrade' | 'rollback';
  /** The version the control plane runs before the change. */
  from: string;
  /** The version it goes to: the upgrade's target, or the version a rollback returns to. */
  to: string;
  /**
   * Whether the add-ons `to` does not run are moved, before the control
   * plane, to a version that runs on both (not once the control plane
   * changed: a resumed or repeated run).
   */
  bridging: boolean;
  /** An upgrade's version for every add-on after the control plane. */
  addonVersion?: 'default' | 'latest';
  /** The input fields a refusal names: of the moves before, and after, the control plane. */
  fields: { before: string; after: string };
}

/** The moves before the control plane and after it, each ordered by add-on name. */
export interface AddonPlan {
  before: AddonMove[];
  after: AddonMove[];
}

/** Orders add-on moves by name. */
export const byAddon = (a: AddonMove, b: AddonMove) =>
  (a.addon.addonName ?? '').localeCompare(b.addon.addonName ?? '');

const NO_BRIDGE_FIX: Record<
  AddonPlanRequest['direction'],
  (name: string, to: string) => string
> = {
  upgrade: (name, to) =>
    `Check ${name}'s versions for ${to} (DescribeAddonVersions); update or remove the add-on so that it can run on both, or set force to upgrade anyway and move it to ${to}'s version right after the control plane.`,
  rollback: () =>
    `Remove the add-on (DeleteAddon with preserve) or set force to roll back anyway.`,
};

/**
 * The version of an add-on `to` does not run that runs on both versions,
 * checked against the older of the two (kube-proxy: a build for `from`
 * within the skew policy on `to`), or a finding when there is none.
 */
async function bridgeFor(
  run: ProvisioningRun,
  req: AddonPlanRequest,
  addon: Addon,
  forTo: string[],
): Promise<AddonMove | UpgradeFinding> {
  const { from, to } = req;
  const name = addon.addonName ?? '';
  const forFrom = await addonVersionsFor(run, name, from);
  // both lists are newest first: the newest version offered for both
  const both =
    name === KUBE_PROXY
      ? forFrom.find(v => addonRunsOn(name, v, to, forTo))
      : forFrom.find(v => forTo.includes(v));
  const [older, newer] = req.direction === 'upgrade' ? [from, to] : [to, from];
  if (!both) {
    return preflightFinding(
      'addon',
      name,
      `Add-on ${name} on Kubernetes ${to}`,
      'ERROR',
      `${name} ${addon.addonVersion} does not support Kubernetes ${to}, and no version of it supports both ${older} and ${newer}.`,
      NO_BRIDGE_FIX[req.direction](name, to),
    );
  }
  return {
    addon,
    prepared: await prepareAddonVersion(
      run,
      req.clusterName,
      addon,
      both,
      older,
      req.fields.before,
    ),
  };
}

/**
 * After an upgrade's control plane: the add-on to the target's default or
 * latest version, its configuration validated against that version's
 * schema, when that is newer than the version it runs by then; a warning
 * when EKS offers no version of it for the target.
 */
async function afterUpgrade(
  run: ProvisioningRun,
  req: AddonPlanRequest,
  addon: Addon,
  forTo: string[],
  runsBy: string,
): Promise<AddonMove | UpgradeFinding | undefined> {
  const { to } = req;
  const name = addon.addonName ?? '';
  if (forTo.length === 0) {
    return preflightFinding(
      'addon',
      name,
      `Add-on ${name} on Kubernetes ${to}`,
      'WARNING',
      `EKS offers no version of ${name} for Kubernetes ${to}.`,
      `Keep ${name} as it is, or replace it with an add-on that supports ${to}.`,
    );
  }
  const prepared = await prepareAddonVersion(
    run,
    req.clusterName,
    addon,
    req.addonVersion ?? 'default',
    to,
    req.fields.after,
  );
  return compareAddonVersions(prepared.version, runsBy) > 0
    ? { addon, prepared }
    : undefined;
}

/** One add-on's moves and findings, added to the plan. */
async function planAddon(
  run: ProvisioningRun,
  req: AddonPlanRequest,
  addon: Addon,
  out: AddonPlan & { findings: UpgradeFinding[] },
): Promise<void> {
  const name = addon.addonName ?? '';
  const rollback = req.direction === 'rollback';
  // once a rollback's control plane is back, only kube-proxy is left to follow it
  if (rollback && !req.bridging && name !== KUBE_PROXY) return;
  const forTo = await addonVersionsFor(run, name, req.to);
  let runsBy = addon.addonVersion ?? '';
  const runs = addonRunsOn(name, runsBy, req.to, forTo);
  if (!runs && rollback && name === KUBE_PROXY) {
    // built per minor: EKS offers a build of the previous version only once
    // the control plane runs it, so it follows the control plane back
    const prepared = await prepareAddonVersion(
      run,
      req.clusterName,
      addon,
      'default',
      req.to,
      req.fields.after,
    );
    out.after.push({ addon, prepared });
    return;
  }
  if (!runs && req.bridging) {
    const bridge = await bridgeFor(run, req, addon, forTo);
    if ('prepared' in bridge) {
      out.before.push(bridge);
      runsBy = bridge.prepared.version;
    } else {
      out.findings.push(bridge);
    }
  }
  if (rollback) return;
  const after = await afterUpgrade(run, req, addon, forTo, runsBy);
  if (after && 'prepared' in after) out.after.push(after);
  else if (after) out.findings.push(after);
}

/**
 * The add-ons' moves for a version change, read-only: each add-on the
 * target version does not run to a version that runs on both, before the
 * control plane (else a finding); after it, an upgrade moves every add-on
 * to the target's default or latest version, a rollback kube-proxy alone
 * to the previous version's build. Findings are added to `findings`.
 */
export async function planAddonMoves(
  run: ProvisioningRun,
  req: AddonPlanRequest,
  findings: UpgradeFinding[],
): Promise<AddonPlan> {
  const limit = pLimit(4);
  const out = { before: [], after: [], findings };
  const addons = await installedAddons(run, req.clusterName);
  await Promise.all(
    addons.map(addon => limit(() => planAddon(run, req, addon, out))),
  );
  return { before: out.before.sort(byAddon), after: out.after.sort(byAddon) };
}
