export { aiSystemLifecycle } from './lifecycle.ts';
