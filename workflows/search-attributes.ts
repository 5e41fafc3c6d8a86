import { SearchAttributeType, defineSearchAttributeKey } from '@temporalio/common';

/** The lifecycle stage (`in_review`, `deployed`, ...): what lists of systems filter on most. */
export const GovStage = defineSearchAttributeKey('GovStage', SearchAttributeType.KEYWORD);
/** The risk tier of the last assessment. */
export const GovTier = defineSearchAttributeKey('GovTier', SearchAttributeType.KEYWORD);
/** The proposal's sector. */
export const GovSector = defineSearchAttributeKey('GovSector', SearchAttributeType.KEYWORD);
/** The accountable owner's user id. */
export const GovOwner = defineSearchAttributeKey('GovOwner', SearchAttributeType.KEYWORD);
