// What the training remote exposes as './routes': the module's root component (the shell
// mounts it at the manifest's routePath and every path below it) and its screen table.
import TrainingApp from './TrainingApp.vue';

export { matchScreen, screenPath, type ScreenKey } from './routes';
export default TrainingApp;
