// Strings of the staff, access and account screens. Keys start with "access.", "account.",
// "users.", "grants.", "settings.", "nav.", "signals.", "mfa." or "session.".
export const accessZh = {
  'nav.home': '首页',
} as const;

export const accessEn: Record<keyof typeof accessZh, string> = {
  'nav.home': 'Home',
};
