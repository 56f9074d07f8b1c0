import CloudIcon from '@material-ui/icons/Cloud';
import {
  ApiBlueprint,
  coreApis,
  createFrontendPlugin,
  createRouteRef,
  PageBlueprint,
  useRouteRef,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import {
  FormFieldBlueprint,
  scaffolderTemplateOutputsBlueprint,
} from '@backstage/plugin-scaffolder-react/alpha';
import { eksApiRef, EksClient } from './api';
import { isEksAvailable } from './isEksAvailable';
import { isFleetEntity } from './isFleetEntity';
import {
  EKS_TEMPLATE_REFS,
  EksTemplateOutputs,
  templateRefsConfigSchema,
} from './components/taskProgress';

/** The EKS backend client. @alpha */
export const eksApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: eksApiRef,
      deps: { discoveryApi: coreApis.discovery, fetchApi: coreApis.fetch },
      factory: ({ discoveryApi, fetchApi }) =>
        new EksClient({ discoveryApi, fetchApi }),
    }),
});

/** The EKS tab on entities that name an EKS cluster. @alpha */
export const eksEntityContent = EntityContentBlueprint.make({
  params: {
    path: 'eks',
    title: 'EKS',
    filter: isEksAvailable,
    loader: () =>
      import('./components/EksClusterContent').then(m => (
        <m.EksClusterContent />
      )),
  },
});

/** The cluster health card for entity overview pages. @alpha */
export const eksClusterHealthEntityCard = EntityCardBlueprint.make({
  name: 'cluster-health',
  params: {
    filter: isEksAvailable,
    loader: () =>
      import('./components/cards').then(m => <m.EksClusterHealthCard />),
  },
});

/** The add-ons card for entity overview pages. @alpha */
export const eksAddonsEntityCard = EntityCardBlueprint.make({
  name: 'addons',
  params: {
    filter: isEksAvailable,
    loader: () => import('./components/cards').then(m => <m.EksAddonsCard />),
  },
});

/** The EKS Capabilities card (managed Argo CD, ACK, kro) for entity overview pages. @alpha */
export const eksCapabilitiesEntityCard = EntityCardBlueprint.make({
  name: 'capabilities',
  params: {
    filter: isEksAvailable,
    loader: () =>
      import('./components/cards').then(m => <m.EksCapabilitiesCard />),
  },
});

/** The version and upgrades card (support, readiness, upgrade and rollback) for entity overview pages. @alpha */
export const eksClusterVersionEntityCard = EntityCardBlueprint.make({
  name: 'cluster-version',
  params: {
    filter: isEksAvailable,
    loader: () =>
      import('./components/cards').then(m => <m.EksClusterVersionCard />),
  },
});

/** The fleet page's route (new frontend system). @alpha */
export const eksFleetRouteRef = createRouteRef();

/**
 * The fleet page at `/eks-fleet`, with its item in the sidebar: every EKS
 * cluster of the configured accounts and regions. @alpha
 */
export const eksFleetPage = PageBlueprint.make({
  name: 'fleet',
  params: {
    path: '/eks-fleet',
    title: 'EKS fleet',
    icon: <CloudIcon fontSize="inherit" />,
    routeRef: eksFleetRouteRef,
    loader: () =>
      import('./components/fleet').then(m => <m.EksFleetPageContent />),
  },
});

/** The card of a System or Group's EKS clusters, linked to the fleet page. */
function FleetCardWithPageLink(props: {
  Card: (props: { fleetPagePath?: string }) => JSX.Element;
}) {
  const fleetPage = useRouteRef(eksFleetRouteRef);
  return <props.Card fleetPagePath={fleetPage?.()} />;
}

/** The EKS clusters of a System or Group entity, for its overview page. @alpha */
export const eksFleetEntityCard = EntityCardBlueprint.make({
  name: 'fleet',
  params: {
    filter: isFleetEntity,
    loader: () =>
      import('./components/fleet').then(m => (
        <FleetCardWithPageLink Card={m.EksFleetCard} />
      )),
  },
});

const loadFormFields = () => import('./components/fields/formFields');

/** `ui:field: EksClusterPicker`. @alpha */
export const eksClusterPickerFormField = FormFieldBlueprint.make({
  name: 'eks-cluster-picker',
  params: {
    field: () => loadFormFields().then(m => m.eksClusterPickerFormField),
  },
});

/** `ui:field: EksAddonPicker`. @alpha */
export const eksAddonPickerFormField = FormFieldBlueprint.make({
  name: 'eks-addon-picker',
  params: {
    field: () => loadFormFields().then(m => m.eksAddonPickerFormField),
  },
});

/** `ui:field: EksAddonConfiguration`. @alpha */
export const eksAddonConfigurationFormField = FormFieldBlueprint.make({
  name: 'eks-addon-configuration',
  params: {
    field: () => loadFormFields().then(m => m.eksAddonConfigurationFormField),
  },
});

/** `ui:field: EksKubernetesVersionPicker`. @alpha */
export const eksKubernetesVersionPickerFormField = FormFieldBlueprint.make({
  name: 'eks-kubernetes-version-picker',
  params: {
    field: () =>
      loadFormFields().then(m => m.eksKubernetesVersionPickerFormField),
  },
});

/** `ui:field: EksClusterNameConfirmation`. @alpha */
export const eksClusterNameConfirmationFormField = FormFieldBlueprint.make({
  name: 'eks-cluster-name-confirmation',
  params: {
    field: () =>
      loadFormFields().then(m => m.eksClusterNameConfirmationFormField),
  },
});

/** `ui:field: EksDesiredNodeCount`. @alpha */
export const eksDesiredNodeCountFormField = FormFieldBlueprint.make({
  name: 'eks-desired-node-count',
  params: {
    field: () => loadFormFields().then(m => m.eksDesiredNodeCountFormField),
  },
});

/** `ui:field: EksSelectedAddonPicker`. @alpha */
export const eksSelectedAddonPickerFormField = FormFieldBlueprint.make({
  name: 'eks-selected-addon-picker',
  params: {
    field: () => loadFormFields().then(m => m.eksSelectedAddonPickerFormField),
  },
});

/** `ui:field: EksAccountId`. @alpha */
export const eksAccountIdFormField = FormFieldBlueprint.make({
  name: 'eks-account-id',
  params: {
    field: () => loadFormFields().then(m => m.eksAccountIdFormField),
  },
});

/** `ui:field: EksIamPrincipalPicker`. @alpha */
export const eksIamPrincipalPickerFormField = FormFieldBlueprint.make({
  name: 'eks-iam-principal-picker',
  params: {
    field: () => loadFormFields().then(m => m.eksIamPrincipalPickerFormField),
  },
});

/** `ui:field: EksVpcPicker`. @alpha */
export const eksVpcPickerFormField = FormFieldBlueprint.make({
  name: 'eks-vpc-picker',
  params: {
    field: () => loadFormFields().then(m => m.eksVpcPickerFormField),
  },
});

/** `ui:field: EksSubnetPicker`. @alpha */
export const eksSubnetPickerFormField = FormFieldBlueprint.make({
  name: 'eks-subnet-picker',
  params: {
    field: () => loadFormFields().then(m => m.eksSubnetPickerFormField),
  },
});

/** `ui:field: EksInstanceTypePicker`. @alpha */
export const eksInstanceTypePickerFormField = FormFieldBlueprint.make({
  name: 'eks-instance-type-picker',
  params: {
    field: () => loadFormFields().then(m => m.eksInstanceTypePickerFormField),
  },
});

/** `ui:field: EksActionPlan`. @alpha */
export const eksActionPlanFormField = FormFieldBlueprint.make({
  name: 'eks-action-plan',
  params: {
    field: () => loadFormFields().then(m => m.eksActionPlanFormField),
  },
});

/**
 * The task page of the EKS templates: the named steps of their actions as
 * they pass, with elapsed time, the add-ons a task installed with their
 * status and issues, then the template's links and text. For the five EKS
 * templates unless `templateRefs` (app-config) names others.
 *
 * @alpha
 */
export const eksTemplateOutputs =
  scaffolderTemplateOutputsBlueprint.makeWithOverrides({
    name: 'eks-task-progress',
    configSchema: { templateRefs: templateRefsConfigSchema },
    factory(originalFactory, { config }) {
      return originalFactory({
        component: EksTemplateOutputs,
        templateRefs: config.templateRefs ?? [...EKS_TEMPLATE_REFS],
      });
    },
  });

/**
 * The EKS plugin for the new frontend system.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'eks',
  title: 'EKS',
  icon: <CloudIcon fontSize="inherit" />,
  info: { packageJson: () => import('../package.json') },
  routes: { fleet: eksFleetRouteRef },
  extensions: [
    eksApi,
    eksEntityContent,
    eksClusterHealthEntityCard,
    eksAddonsEntityCard,
    eksCapabilitiesEntityCard,
    eksClusterVersionEntityCard,
    eksFleetPage,
    eksFleetEntityCard,
    eksClusterPickerFormField,
    eksAddonPickerFormField,
    eksAddonConfigurationFormField,
    eksKubernetesVersionPickerFormField,
    eksClusterNameConfirmationFormField,
    eksDesiredNodeCountFormField,
    eksSelectedAddonPickerFormField,
    eksAccountIdFormField,
    eksIamPrincipalPickerFormField,
    eksVpcPickerFormField,
    eksSubnetPickerFormField,
    eksInstanceTypePickerFormField,
    eksActionPlanFormField,
    eksTemplateOutputs,
  ],
});
