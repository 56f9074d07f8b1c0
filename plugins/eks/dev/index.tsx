// The dev app is a frontend of its own: it loads Backstage UI's styles as an
// app does (createDevApp did the same).
// eslint-disable-next-line @backstage/no-ui-css-imports-in-non-frontend
import '@backstage/ui/css/styles.css';
import { createApp } from '@backstage/frontend-defaults';
import appPlugin from '@backstage/plugin-app';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import { createRoot } from 'react-dom/client';
import eksPlugin from '../src/alpha';

// Serves the plugin against a running backend (`yarn start` at the root
// serves the sandbox-backed backend on :7007): open /catalog/default/resource/demo/eks.
// This is what @backstage/frontend-dev-utils' createDevApp does; its latest
// release on the registry (0.1.6) is built on frontend-plugin-api 0.18 and
// would bring a second, older copy of the frontend framework into the dev app.
const app = createApp({
  features: [
    appPlugin.withOverrides({
      extensions: [
        appPlugin.getExtension('sign-in-page:app').override({ disabled: true }),
      ],
    }),
    catalogPlugin,
    eksPlugin,
  ],
});

const rootElement = document.getElementById('root');
if (!rootElement) {
  throw new Error('The dev app needs an element with id "root" in its page');
}
createRoot(rootElement).render(app.createRoot());
