/** Record retention (issue 17, Build 9): what the handlers, the CLI and the posture call. */
export { accountKinds, readPeriods, setAccountRetentionKind, setRetentionPeriod } from './periods';
export { activeHold, placeHold, releaseHold } from './holds';
export { approvePurge, planPurge, refusePurge, requestPurge, type PurgeResult } from './purge';
export { getRetention, retentionView } from './view';
