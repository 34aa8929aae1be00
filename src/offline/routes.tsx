export { offlineHeaders } from './offline-headers.js';
export { offlineRoutes } from './offline-routes.js';
