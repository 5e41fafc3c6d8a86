import { Command } from 'commander';
import { registerAssessCommand } from './commands/assess.ts';

const program = new Command('govflow')
  .description('govflow: governance workflows for AI systems')
  .version('0.1.0')
  .showHelpAfterError();

// Each command registers itself; add new ones to this list.
registerAssessCommand(program);

await program.parseAsync(process.argv);
