import { join } from 'node:path';
import { DomainError, ErrorCode, parseOrThrow } from '../domain/errors.ts';
import { ServiceAccounts } from '../domain/service-accounts.ts';
import { readDataFile } from './policy-files.ts';

/** Reads `<policyDir>/accounts/services.yaml`, or throws INVALID_INPUT naming each bad field; none when absent. */
export async function loadServiceAccounts(policyDir: string): Promise<ServiceAccounts> {
  try {
    const file = await readDataFile(join(policyDir, 'accounts'), 'services');
    return parseOrThrow(ServiceAccounts, file.data, file.path);
  } catch (e) {
    if (e instanceof DomainError && e.code === ErrorCode.notFound) return { services: [] };
    throw e;
  }
}
