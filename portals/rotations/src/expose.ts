// What the rotations remote exposes as './routes': the module's root component (the shell
// mounts it at the manifest's routePath and every path below it) and its screen table.
import RotationsApp from './RotationsApp.vue';

export { matchScreen, screenPath, type ScreenKey } from './routes';
export default RotationsApp;
