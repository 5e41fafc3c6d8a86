import type { Signer } from '../adapters/signing-keys.ts';
import { DomainError, ErrorCode } from '../domain/errors.ts';
import type { LifecycleState } from '../domain/lifecycle/state.ts';
import {
  APPROVAL_PREDICATE_TYPE,
  dsseEnvelope,
  statementBytes,
  versionDigest,
  type ApprovalStatement,
  type DsseEnvelope,
} from '../events/attestation.ts';
import type { GovernanceEvent } from '../events/envelope.ts';

/** What an attestation is issued from: the workflow's state and the system's verified events, in sequence order. */
export interface AttestationSource {
  readonly state: LifecycleState;
  readonly events: readonly GovernanceEvent[];
  readonly now: number;
  /** `sha256:<hex>` (or bare hex) of the artifact the deployment ships, when it names one. */
  readonly artifactDigest?: string;
}

const ISSUABLE = ['approved', 'deployed', 'suspended'];
/** The status an attestation states: `suspended` whenever a suspension stands (even while its urgent re-review runs). */
const statusOf = (s: LifecycleState): string => (s.suspension ? 'suspended' : s.stage);

/** The in-toto statement of a system's last approval; WRONG_STAGE when the system holds no approval. */
export function approvalStatement(src: AttestationSource): ApprovalStatement {
  const { state, events } = src;
  const at = events.findLastIndex((e) => e.type === 'ai.governance.system.approved.v1');
  if (!ISSUABLE.includes(statusOf(state)) || at < 0 || !state.proposal)
    throw new DomainError(ErrorCode.wrongStage, `${state.systemId} holds no approval to attest (stage ${state.stage})`);
  const approval = events[at]!;
  const data = approval.data as { version: string | null; nextReReviewAt: string };
  const opened = events.slice(0, at).findLastIndex((e) => e.type === 'ai.governance.review.opened.v1');
  const votes = events
    .slice(opened + 1, at + 1)
    .filter((e) => e.type === 'ai.governance.review.vote_cast.v1')
    .map((e) => e.data as { voter: string; vote: string });
  const version = data.version ?? state.approvedVersion ?? state.proposal.model.version ?? 'unversioned';
  const model = state.proposal.model.type;
  const digest = src.artifactDigest?.replace(/^sha256:/, '') ?? versionDigest(state.systemId, model, version);
  return {
    _type: 'https://in-toto.io/Statement/v1',
    subject: [
      {
        name: `${state.systemId}@${version}`,
        digest: { sha256: digest },
        annotations: { system: state.systemId, model, version },
      },
    ],
    predicateType: APPROVAL_PREDICATE_TYPE,
    predicate: {
      system: { id: state.systemId, name: state.proposal.name },
      policy: { pack: state.policyPack ?? '', version: state.policyVersion ?? approval.policyversion },
      tier: state.tier ?? 'unknown',
      status: statusOf(state),
      approvers: votes.filter((v) => v.vote === 'approve').map((v) => v.voter),
      votes: votes.map((v) => ({ voter: v.voter, vote: v.vote })),
      conditions: state.conditions.map((c) => ({
        id: c.id,
        description: c.description,
        dueBefore: c.dueBefore,
        status: c.status,
      })),
      approvedAt: approval.time,
      validUntil: state.nextReReviewAt ?? data.nextReReviewAt,
      issuedAt: new Date(src.now).toISOString(),
      chainHead: { sequence: state.sequence, hash: state.lastHash ?? '' },
    },
  };
}

/** Issues the approval attestation: the statement in a DSSE envelope signed with the engine's key. */
export async function issueAttestation(src: AttestationSource, signer: Signer): Promise<DsseEnvelope> {
  const { body, toSign } = statementBytes(approvalStatement(src));
  return dsseEnvelope(body, signer.kid, await signer.sign(toSign));
}
