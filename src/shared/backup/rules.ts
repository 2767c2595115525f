/**
 * The office backup passphrase (issue 13, Build 1): whoever steals a backup can guess it offline
 * for as long as they like, so it must be longer than a staff password, and it is checked the
 * same way otherwise (letters and digits, not a common password).
 */
import { passwordProblem, type RuleViolation } from '../users/rules';

export const BACKUP_PASSPHRASE_MIN_LENGTH = 16;

export function backupPassphraseProblem(passphrase: string): RuleViolation | null {
  if ([...passphrase].length < BACKUP_PASSPHRASE_MIN_LENGTH)
    return { key: 'backup.passphraseTooShort', params: { min: BACKUP_PASSPHRASE_MIN_LENGTH } };
  return passwordProblem(passphrase, '');
}
