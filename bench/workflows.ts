// The benchmark worker's workflows: govflow's lifecycle and the bare baseline, in one bundle.
export { aiSystemLifecycle } from '../workflows/lifecycle.ts';
export { bareLifecycle, bareEchoWorkflow } from './bare-workflow.ts';
