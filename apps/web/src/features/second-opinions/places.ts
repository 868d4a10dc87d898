/**
 * The choices the intake form offers for where the patient lives and what they read: languages
 * as BCP 47 tags (what the server stores, "it", "pt-BR") and countries as ISO 3166-1 alpha-2
 * codes (the server's own list), each named in English and, for a language, in itself.
 */

const LANGUAGE_TAGS = (
  'af am ar az be bg bn bs ca cs cy da de el en es et eu fa fi fil fr ga gl gu ha he hi hr ' +
  'hu hy id ig is it ja ka kk km kn ko ku ky lo lt lv mk ml mn mr ms mt my nb ne nl pa pl ps ' +
  'pt pt-BR ro ru si sk sl so sq sr sv sw ta te th ti tr uk ur uz vi yo zh zh-Hant zu'
).split(' ');

const COUNTRY_CODES = (
  'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR ' +
  'BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ ' +
  'EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW ' +
  'GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY ' +
  'KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV ' +
  'MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY ' +
  'QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG ' +
  'TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW'
).split(' ');

function displayNames(locale: string, type: 'language' | 'region'): Intl.DisplayNames | null {
  try {
    return new Intl.DisplayNames([locale], { type });
  } catch {
    return null;
  }
}

const byLabel = (a: { label: string }, b: { label: string }) => a.label.localeCompare(b.label);

/** "Spanish (español)": the language in English, then in itself when that reads differently. */
export function languageName(tag: string): string {
  const english = displayNames('en', 'language')?.of(tag) ?? tag;
  const own = displayNames(tag, 'language')?.of(tag);
  return own && own.toLowerCase() !== english.toLowerCase() ? `${english} (${own})` : english;
}

export function countryName(code: string): string {
  return displayNames('en', 'region')?.of(code) ?? code;
}

export const LANGUAGE_OPTIONS = LANGUAGE_TAGS.map((id) => ({ id, label: languageName(id) })).sort(
  byLabel,
);

export const COUNTRY_OPTIONS = COUNTRY_CODES.map((id) => ({ id, label: countryName(id) })).sort(
  byLabel,
);
