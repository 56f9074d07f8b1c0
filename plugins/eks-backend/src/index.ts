/**
 * The eks backend plugin: REST API for the EKS entity page and field
 * extensions.
 *
 * @packageDocumentation
 */

export { eksPlugin as default } from './plugin';
export {
  eksReadServiceRef,
  type EksReadService,
} from './services/eksReadServiceRef';
export {
  eksInsightsServiceRef,
  type EksInsightsService,
} from './services/eksInsightsServiceRef';
export {
  eksFleetCollectorServiceRef,
  type EksFleetCollector,
} from './services/eksFleetCollectorServiceRef';
