// The API's response shapes as the console reads them (the OpenAPI document is their definition).

export interface PendingReview {
  systemId: string;
  name: string | null;
  tier: string | null;
  round: number;
  purpose: string;
  committee: string;
  deadline: string;
  urgent: boolean;
  votesCast: number;
  expectedVoters: number;
}

export interface SystemSummary {
  systemId: string;
  stage: string | null;
  tier: string | null;
  sector: string | null;
  owner: string | null;
  status: string;
  startedAt: string | null;
}

export interface FiredRule {
  ruleId: string;
  pillar: string;
  score: number;
  reason: string;
}

export interface Assessment {
  tier: string;
  totalScore: number;
  pillarScores: Record<string, number>;
  firedRules: FiredRule[];
  tierReasons: string[];
  prohibitedMatches: { id: string; reason: string }[];
  /** The date the assessment assessed for (absent in assessments recorded before it was stated). */
  assessedFor?: string;
  obligations: {
    quorum: { minVotes: number; approvalShare: number | string };
    minDistinctApprovers: number;
    reviewDeadline: string;
    reReviewInterval: string;
  } | null;
}

export interface Round {
  round: number;
  purpose: string;
  committee: string;
  members: { id: string; roles: string[] }[];
  expectedVoters: string[];
  minVotes: number;
  deadline: string;
  urgent: boolean;
  escalated: boolean;
  blind: boolean;
  votes: { voter: string; vote: string | null; rationale: string | null }[];
  recusals: { member: string; conflict: string }[];
}

export interface Condition {
  id: string;
  description: string;
  dueBefore: string;
  status: string;
  evidence: string | null;
  satisfiedBy: string | null;
}

export interface SystemState {
  systemId: string;
  stage: string;
  tier: string | null;
  policyPack: string | null;
  proposal: (Record<string, unknown> & { name: string; proposer: string; owner: string }) | null;
  assessment: Assessment | null;
  review: Round | null;
  committee: { id: string; roles: string[] }[];
  conditions: Condition[];
  approvedVersion: string | null;
  sequence: number;
  lastHash: string | null;
}

export interface GovEvent {
  id: string;
  type: string;
  time: string;
  sequence: number;
  hash: string;
  prevhash: string;
  policyversion: string;
  actor?: string;
  data: Record<string, unknown>;
}

export interface EventPage {
  systemId: string;
  events: GovEvent[];
  quarantined: { sequence: number; kind: string; detail: string }[];
}

/** One screening question of a pack, to be answered yes or no (GET /v1/policy/screening). */
export interface ScreeningQuestion {
  id: string;
  topic: string;
  question: string;
  help: string;
  source: string;
}

export interface ScreeningView {
  packs: { pack: string; policyVersion: string; title: string; questions: ScreeningQuestion[] }[];
}

/** POST /v1/assessments/preview: the assessment a proposal would get, and under which packs. */
export interface AssessmentPreview {
  packs: string[];
  assessment: Assessment;
}
