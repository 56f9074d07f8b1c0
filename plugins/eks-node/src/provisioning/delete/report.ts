import { ProgressLogger } from '../ProvisioningRun';
import { KeptResource } from './createdResources';
import { LeftoverResource } from './leftovers';

/**
 * The final report of a deletion, as Markdown a person reads in the task's
 * output and log: what was deleted, what was kept and why, and what is left
 * behind (still tagged for the cluster) with what to do.
 *
 * @public
 */
export function deletionReport(
  clusterName: string,
  dryRun: boolean,
  parts: {
    /** Changes made before deleting (e.g. deletion protection turned off). */
    changed?: string[];
    deleted: string[];
    kept: KeptResource[];
    leftovers: LeftoverResource[];
  },
): string {
  // a blank line between the parts: in Markdown a line right after a list
  // continues its last item, and one right after a line joins it
  const lines = [
    `Report for cluster ${clusterName}${
      dryRun ? ' (dry run: nothing was deleted)' : ''
    }:`,
    '',
    ...(parts.changed?.length
      ? [
          `${dryRun ? 'Would change' : 'Changed'} before deleting ${
            parts.changed.length
          }:`,
          ...parts.changed.map(c => `- ${c}`),
          '',
        ]
      : []),
    `${dryRun ? 'Would delete' : 'Deleted'} ${parts.deleted.length}:`,
    ...parts.deleted.map(d => `- ${d}`),
    '',
    `Kept on purpose ${parts.kept.length}:`,
    ...parts.kept.map(k => `- Kept ${k.resource}: ${k.reason}`),
    '',
    `Left behind ${parts.leftovers.length}${
      parts.leftovers.length
        ? ' (still tagged for the cluster: delete them in the AWS console or CLI if nothing else uses them)'
        : ''
    }:`,
    ...parts.leftovers.map(
      l => `- Left behind: ${l.type} ${l.id} (tagged ${l.tag})`,
    ),
  ];
  return lines.join('\n');
}

/** Logs a report line by line: what is left behind is a warning. */
export function logReport(logger: ProgressLogger, report: string): void {
  for (const line of report.split('\n')) {
    if (line.startsWith('- Left behind')) logger.warn(line.slice(2));
    else if (line) logger.info(line);
  }
}
