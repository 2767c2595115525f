// The upgrade report's strings (upgrade-strings.ts), with the shared ones.
import { defineStrings } from '../app/i18n';
import { upgradeEn, upgradeZh } from './upgrade-strings';

export const useUpgradeT = defineStrings(upgradeZh, upgradeEn);
