// What the transfers remote exposes as './routes': the module's root component (the shell
// mounts it at the manifest's routePath and every path below it) and its screen table.
import TransfersApp from './TransfersApp.vue';

export { matchScreen, screenPath, type ScreenKey } from './routes';
export default TransfersApp;
