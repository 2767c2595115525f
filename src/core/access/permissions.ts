import type { Operation } from '../../shared/access/operations';
import type { Role } from '../db/schema';

export type { Operation };

/**
 * Roles as data. Who may do what is decided here and nowhere else: the UI hides what a role
 * cannot do, but only this table (through `authorize`) refuses it.
 */
export const PERMISSIONS = [
  'users.manage',
  'grants.manage',
  'grants.manage.accountants',
  'settings.manage',
  'updates.install',
  'audit.view',
  'audit.export',
  'clients.manage',
  'records.read',
  'records.write',
  'records.import',
  'records.export',
  'records.reveal',
  'backup.export',
  'backup.restore',
  /** The security and compliance posture and its registers (issue 17): read, and keep. */
  'compliance.view',
  'compliance.manage',
] as const;

export type Permission = (typeof PERMISSIONS)[number];

/** Which clients' records a role reaches: every client, or only those granted to the user. */
export type ClientScope = 'all' | 'granted';

export interface RoleDefinition {
  permissions: readonly Permission[];
  clientScope: ClientScope;
}

export const ROLE_MATRIX: Record<Role, RoleDefinition> = {
  // Admins run the office's accounts and the app itself; record contents only with a grant.
  admin: {
    permissions: [
      'users.manage',
      'grants.manage',
      'settings.manage',
      'updates.install',
      'audit.view',
      'audit.export',
      'records.read',
      'records.export',
      'compliance.view',
      'compliance.manage',
    ],
    clientScope: 'granted',
  },
  manager: {
    permissions: [
      'grants.manage.accountants',
      'audit.view',
      'audit.export',
      'clients.manage',
      'records.read',
      'records.write',
      'records.import',
      'records.export',
      'records.reveal',
      'backup.export',
      'backup.restore',
      'compliance.view',
      'compliance.manage',
    ],
    clientScope: 'all',
  },
  accountant: {
    permissions: ['records.read', 'records.write', 'records.import', 'records.export'],
    clientScope: 'granted',
  },
  auditor: {
    permissions: ['audit.view', 'audit.export', 'records.read', 'compliance.view'],
    clientScope: 'granted',
  },
};

/** Permissions an admin may give one user on top of their role. */
export const GRANTABLE_PERMISSIONS: readonly Permission[] = ['records.reveal'];

/**
 * Every operation the core performs for a signed-in user (named once, in
 * src/shared/access/operations.ts), with the permission it needs and whether it concerns one
 * client's records (then the client grant is checked too). `satisfies` makes this table name
 * each operation exactly once. The access test walks it for every role.
 */
export const OPERATIONS = {
  'user.list': { permission: 'users.manage', client: false },
  'user.create': { permission: 'users.manage', client: false },
  'user.disable': { permission: 'users.manage', client: false },
  'user.enable': { permission: 'users.manage', client: false },
  // Display name and role; never one's own role (src/core/users/staff.ts).
  'user.update': { permission: 'users.manage', client: false },
  'user.unlock': { permission: 'users.manage', client: false },
  'user.resetPassword': { permission: 'users.manage', client: false },
  'user.resetMfa': { permission: 'users.manage', client: false },
  'permission.grant': { permission: 'users.manage', client: false },
  'grant.list': { permission: 'grants.manage', client: false },
  'grant.set': { permission: 'grants.manage', client: false },
  'settings.view': { permission: 'settings.manage', client: false },
  'settings.update': { permission: 'settings.manage', client: false },
  'audit.view': { permission: 'audit.view', client: false },
  'audit.export': { permission: 'audit.export', client: false },
  'security.signals': { permission: 'audit.view', client: false },
  'client.create': { permission: 'clients.manage', client: false },
  'client.update': { permission: 'clients.manage', client: false },
  'client.archive': { permission: 'clients.manage', client: false },
  'client.list': { permission: 'records.read', client: false },
  'records.list': { permission: 'records.read', client: true },
  'records.search': { permission: 'records.read', client: true },
  // Reading who changed what, with the old values.
  'records.history': { permission: 'records.read', client: true },
  'records.export': { permission: 'records.export', client: true },
  'records.create': { permission: 'records.write', client: true },
  // Changing and deleting are their own operations (their own audit actions and refusals), on
  // the same permission as entering: whoever keeps a client's books corrects them.
  'records.update': { permission: 'records.write', client: true },
  'records.delete': { permission: 'records.write', client: true },
  'records.import': { permission: 'records.import', client: true },
  'records.reveal': { permission: 'records.reveal', client: true },
  'backup.export': { permission: 'backup.export', client: false },
  'backup.restore': { permission: 'backup.restore', client: false },
  'updates.install': { permission: 'updates.install', client: false },
  'posture.view': { permission: 'compliance.view', client: false },
  // Access reviews (issue 17): admins start a round (they hold every grant's revocation); admins
  // and managers decide, a manager only the items assigned to her (src/core/review).
  'review.start': { permission: 'grants.manage', client: false },
  'review.list': { permission: 'compliance.view', client: false },
  'review.decide': { permission: 'compliance.manage', client: false },
  // The registers of issue 17 (Build 3 to 10): admins and managers keep them, auditors read them.
  // Purging needs two people: the request and the approval are separate operations, and the core
  // refuses an approval by the person who requested (src/core/retention).
  'incident.list': { permission: 'compliance.view', client: false },
  'incident.manage': { permission: 'compliance.manage', client: false },
  'people.list': { permission: 'compliance.view', client: false },
  'people.manage': { permission: 'compliance.manage', client: false },
  'agreement.list': { permission: 'compliance.view', client: false },
  'agreement.manage': { permission: 'compliance.manage', client: false },
  'partner.list': { permission: 'compliance.view', client: false },
  'partner.manage': { permission: 'compliance.manage', client: false },
  'risk.list': { permission: 'compliance.view', client: false },
  'risk.manage': { permission: 'compliance.manage', client: false },
  'internalAudit.list': { permission: 'compliance.view', client: false },
  'internalAudit.manage': { permission: 'compliance.manage', client: false },
  'retention.list': { permission: 'compliance.view', client: false },
  'retention.manage': { permission: 'compliance.manage', client: false },
  'retention.purgeRequest': { permission: 'compliance.manage', client: false },
  'retention.purgeApprove': { permission: 'compliance.manage', client: false },
  'report.create': { permission: 'compliance.view', client: false },
} as const satisfies Record<Operation, { permission: Permission; client: boolean }>;

/** Operations that change a client's records need a write grant, not only a read grant. */
export const WRITE_OPERATIONS: ReadonlySet<Operation> = new Set([
  'records.create',
  'records.update',
  'records.delete',
  'records.import',
]);
