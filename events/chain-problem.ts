/** The fields of an event that the audit chain reads; any GovernanceEvent, parsed or raw from the wire. */
export interface ChainLink {
  readonly subject: string;
  readonly sequence: number;
  readonly prevhash: string;
  readonly hash: string;
  readonly [field: string]: unknown;
}

/**
 * The ways a record can fail: the chain's own breaks (`gap`, `prevhash_mismatch`, `out_of_order`, `conflict`:
 * two different events at one sequence, `wrong_subject`: a record under one system's key carrying another's subject), an event that is not the engine's (`hash_mismatch`, `unsigned`,
 * `unknown_key`, `bad_signature`), and disagreements with the workflow's own head (`ahead`, `head_mismatch`,
 * `ended_unclosed`: terminated or timed out with no closing event, `no_workflow`: a lifecycle nobody ran).
 */
export type ChainProblemKind =
  | 'gap'
  | 'conflict'
  | 'hash_mismatch'
  | 'prevhash_mismatch'
  | 'out_of_order'
  | 'wrong_subject'
  | 'unsigned'
  | 'unknown_key'
  | 'bad_signature'
  | 'ahead'
  | 'head_mismatch'
  | 'ended_unclosed'
  | 'no_workflow';

/** One problem in one system's record, where it is and what was found. */
export interface ChainProblem {
  readonly systemId: string;
  readonly sequence: number;
  readonly kind: ChainProblemKind;
  readonly detail: string;
}
