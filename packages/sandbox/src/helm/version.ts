/** The helm release this stand-in answers as. */
export const HELM_VERSION = 'v3.19.0';
export const HELM_COMMIT = '3d8990f0836691f0229297773f3524598f46bda6';
export const HELM_GO_VERSION = 'go1.24.7';
