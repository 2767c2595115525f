/**
 * The names of everything the core does for a signed-in user, defined once. The core's role
 * matrix (src/core/access/permissions.ts) says which permission each needs and must name every
 * one of these; the renderer reads `VaultStatus.can` as a list of them to decide what to show,
 * so a misspelt check fails to type-check instead of hiding a button for ever.
 */
export const OPERATION_NAMES = [
  'user.list',
  'user.create',
  'user.disable',
  'user.enable',
  'user.update',
  'user.unlock',
  'user.resetPassword',
  'user.resetMfa',
  'permission.grant',
  'grant.list',
  'grant.set',
  'settings.view',
  'settings.update',
  'audit.view',
  'audit.export',
  'security.signals',
  'client.create',
  'client.update',
  'client.archive',
  'client.list',
  'records.list',
  'records.search',
  'records.history',
  'records.export',
  'records.create',
  'records.update',
  'records.delete',
  'records.import',
  'records.reveal',
  'backup.export',
  'backup.restore',
  'updates.install',
  'posture.view',
  'review.start',
  'review.list',
  'review.decide',
] as const;

export type Operation = (typeof OPERATION_NAMES)[number];
