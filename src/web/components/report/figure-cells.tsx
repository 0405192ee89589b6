import type { ReportFigure } from '../../../services/report.js';
import type { Locale } from '../../i18n/index.js';
import { shareText } from '../scorecard/value-text.js';

/** "40% (2 of 5)": the organisations that met the target. */
export const metText = (figure: ReportFigure, locale: Locale): string => shareText(figure.statuses.met, figure.organisations, locale);

/** "75% (3 of 4)": the domains that pass, of all counted. */
export const domainsMetText = (figure: ReportFigure, locale: Locale): string => shareText(figure.domainsMet, figure.domainsTotal, locale);
