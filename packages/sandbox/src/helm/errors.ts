/** An error helm reports as `Error: <message>` (and the usage line, when set) with exit code 1. */
export class HelmError extends Error {
  constructor(message: string, readonly usage?: string) {
    super(message);
    this.name = 'HelmError';
  }
}

/** The usage lines helm prints after an argument error. */
export const USAGE = {
  upgrade: 'helm upgrade [RELEASE] [CHART] [flags]',
  install: 'helm install [NAME] [CHART] [flags]',
  uninstall: 'helm uninstall RELEASE_NAME [...] [flags]',
  status: 'helm status RELEASE_NAME [flags]',
  list: 'helm list [flags]',
  getValues: 'helm get values RELEASE_NAME [flags]',
  version: 'helm version [flags]',
} as const;
