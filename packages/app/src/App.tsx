import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import scaffolderPlugin from '@backstage/plugin-scaffolder/alpha';
import eksPlugin from '@backstage-eks/plugin-eks/alpha';
import homePlugin from '@backstage/plugin-home/alpha';
import notificationsPlugin from '@backstage/plugin-notifications/alpha';
import { navModule } from './modules/nav';
import { homeModule } from './modules/home';

/**
 * A new instance of the portal's app. An app's root mounts once: unmounting
 * it disposes the app (its browser history listener among the rest), so
 * tests that render the app more than once take a new one each time.
 */
export const createPortalApp = () =>
  createApp({
    // app.packages: all discovers the other plugins in package.json; these are
    // listed so that the app (and its test) does not depend on discovery for
    // the catalog, Create (scaffolder), the EKS tab, cards and form fields, and
    // the Home page the portal opens on, and notifications, whose sidebar item
    // (and the API it reads) the nav module uses.
    features: [
      catalogPlugin,
      scaffolderPlugin,
      eksPlugin,
      homePlugin,
      notificationsPlugin,
      navModule,
      homeModule,
    ],
  });

export default createPortalApp();
