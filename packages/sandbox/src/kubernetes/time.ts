/** A timestamp as Kubernetes writes it (RFC 3339, whole seconds). */
export function kubeTimestamp(date: Date = new Date()): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
