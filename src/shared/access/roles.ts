/** The four staff roles, defined once for every layer. */
export const ROLE_NAMES = ['admin', 'manager', 'accountant', 'auditor'] as const;
export type Role = (typeof ROLE_NAMES)[number];
