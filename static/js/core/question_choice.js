// Which translation of a question (or of the message to everyone) a phone shows, and which
// way a language runs: the same rules as dialogcafe/domain/translations.py (choose,
// language_direction), shared by features/question_language.js, broadcast.js and moving.js.

const ORIGINAL = "original";
const RTL_LANGUAGES = new Set(["ar", "fa", "he", "ur", "ps", "ckb", "yi", "dv", "sd", "ug", "iw"]);
const RTL_SCRIPTS = new Set(["arab", "hebr", "thaa", "syrc", "nkoo", "adlm", "rohg"]);

const primary = (tag) => tag.split("-")[0];

/** "rtl" for a language written right to left (or a tag naming such a script). */
export function languageDirection(tag) {
  if (!tag) return "ltr";
  const [first, ...rest] = tag.toLowerCase().replace(/_/g, "-").split("-");
  return RTL_LANGUAGES.has(first) || rest.some((part) => RTL_SCRIPTS.has(part)) ? "rtl" : "ltr";
}

/** The translation for the first wanted language that has one: { text, language|null }. */
export function choose(original, translations, wanted) {
  for (const want of wanted) {
    const tag = String(want || "").trim().replace(/_/g, "-").toLowerCase();
    if (!tag) continue;
    if (tag === ORIGINAL) break;
    if (translations[tag]) return { text: translations[tag], language: tag };
    const same = Object.keys(translations).filter((t) => primary(t) === primary(tag)).sort();
    if (same.length) return { text: translations[same[0]], language: same[0] };
  }
  return { text: original, language: null };
}
