export { eksPlugin as default } from './plugin';
