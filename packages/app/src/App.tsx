import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import scaffolderPlugin from '@backstage/plugin-scaffolder/alpha';
import eksPlugin from '@backstage-eks/plugin-eks/alpha';
import homePlugin from '@backstage/plugin-home/alpha';
import { navModule } from './modules/nav';
import { homeModule } from './modules/home';

export default createApp({
  // app.packages: all discovers the other plugins in package.json; these are
  // listed so that the app (and its test) does not depend on discovery for
  // the catalog, Create (scaffolder), the EKS tab, cards and form fields, and
  // the Home page the portal opens on.
  features: [
    catalogPlugin,
    scaffolderPlugin,
    eksPlugin,
    homePlugin,
    navModule,
    homeModule,
  ],
});
