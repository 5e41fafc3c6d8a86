import { Command } from 'commander';
import { registerAssessCommand } from './commands/assess.ts';
import { registerProposeCommand } from './commands/propose.ts';
import { registerListCommand } from './commands/list.ts';
import { registerStatusCommand } from './commands/status.ts';
import { registerPendingCommand } from './commands/pending.ts';
import { registerVoteCommand } from './commands/vote.ts';
import { registerRecuseCommand } from './commands/recuse.ts';
import { registerAmendCommand } from './commands/amend.ts';
import { registerEvidenceCommand } from './commands/evidence.ts';
import { registerDeployCommand } from './commands/deploy.ts';
import { registerIncidentCommand } from './commands/incident.ts';
import { registerReportCommand } from './commands/report.ts';
import { registerModifyCommand } from './commands/modify.ts';
import { registerRetireCommand } from './commands/retire.ts';
import { registerRetryStaffingCommand } from './commands/retry-staffing.ts';
import { registerDevTokenCommand } from './commands/dev-token.ts';
import { registerLoginCommand } from './commands/login.ts';
import { registerAuditCommand } from './commands/audit.ts';
import { registerProjectionCommand } from './commands/projection.ts';
import { registerKeysCommand } from './commands/keys.ts';
import { registerAttestCommand } from './commands/attest.ts';
import { registerIndicatorsCommand } from './commands/indicators.ts';
import { registerDecisionsCommand } from './commands/decisions.ts';
import { registerPolicyCommand } from './commands/policy.ts';

const program = new Command('govflow')
  .description('govflow: governance workflows for AI systems')
  .version('0.1.0')
  // Program options only before the command name, so `deploy --version 1.2.0` is the deploy's own option.
  .enablePositionalOptions()
  .showHelpAfterError();

// Each command registers itself; add new ones to this list.
registerAssessCommand(program);
registerProposeCommand(program);
registerListCommand(program);
registerStatusCommand(program);
registerPendingCommand(program);
registerVoteCommand(program);
registerRecuseCommand(program);
registerAmendCommand(program);
registerEvidenceCommand(program);
registerDeployCommand(program);
registerIncidentCommand(program);
registerReportCommand(program);
registerModifyCommand(program);
registerRetireCommand(program);
registerLoginCommand(program);
registerRetryStaffingCommand(program);
registerDevTokenCommand(program);
registerAuditCommand(program);
registerProjectionCommand(program);
registerKeysCommand(program);
registerAttestCommand(program);
registerIndicatorsCommand(program);
registerPolicyCommand(program);
registerDecisionsCommand(program);

await program.parseAsync(process.argv);
