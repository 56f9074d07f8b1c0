import { createDevApp } from '@backstage/frontend-dev-utils';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import eksPlugin from '../src/alpha';

// Serves the plugin against a running backend (`yarn start` at the root
// serves the sandbox-backed backend on :7007): open /catalog/default/resource/demo/eks.
createDevApp({ features: [catalogPlugin, eksPlugin] });
