/** A NodePool / NodeClaim requirement (a node selector requirement). */
export interface Requirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Gt' | 'Lt';
  values?: string[];
  minValues?: number;
}

/** Whether labels satisfy a requirement (absent keys satisfy NotIn/DoesNotExist). */
export function satisfies(
  req: Requirement,
  labels: Record<string, string>,
): boolean {
  const value = labels[req.key];
  switch (req.operator) {
    case 'In':
      return value !== undefined && (req.values ?? []).includes(value);
    case 'NotIn':
      return value === undefined || !(req.values ?? []).includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    case 'Gt':
      return value !== undefined && Number(value) > Number(req.values?.[0]);
    case 'Lt':
      return value !== undefined && Number(value) < Number(req.values?.[0]);
    default:
      return false;
  }
}

/** The values a requirement allows for a key, or undefined when unrestricted. */
export function allowedValues(
  requirements: Requirement[],
  key: string,
  universe: string[],
): string[] {
  return universe.filter(v =>
    requirements
      .filter(r => r.key === key)
      .every(r => satisfies(r, { [key]: v })),
  );
}
