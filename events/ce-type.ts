// The CloudEvents `type` of governance events, without imports: the web console's bundle reads it too.

/** The CloudEvents `type` prefix shared by every governance event. */
export const CE_TYPE_PREFIX = 'ai.governance.';
/** The CloudEvents `type` version suffix of the v1 catalogue. */
export const CE_TYPE_SUFFIX = '.v1';

/** The CloudEvents type of a domain event's short name: `system.proposed` -> `ai.governance.system.proposed.v1`. */
export function cloudEventType(short: string): string {
  return `${CE_TYPE_PREFIX}${short}${CE_TYPE_SUFFIX}`;
}

/** The domain short name of a v1 CloudEvents type, or undefined when it is not one of ours. */
export function shortEventType(ceType: string): string | undefined {
  if (!ceType.startsWith(CE_TYPE_PREFIX) || !ceType.endsWith(CE_TYPE_SUFFIX)) return undefined;
  const short = ceType.slice(CE_TYPE_PREFIX.length, -CE_TYPE_SUFFIX.length);
  return short.length > 0 ? short : undefined;
}
