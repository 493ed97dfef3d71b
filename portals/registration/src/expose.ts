// What the registration remote exposes as './routes': the module's root component (the shell
// mounts it at the manifest's routePath and every path below it) and its screen table.
import RegistrationApp from './RegistrationApp.vue';

export { matchScreen, screenPath, type ScreenKey } from './routes';
export default RegistrationApp;
