export { InsightsRefreshService } from './InsightsRefreshService';
