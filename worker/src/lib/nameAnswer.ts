// Whether what a visitor typed where the bot asked for their name looks like a name. Visitors
// often answer with their question instead ("Do you deliver cargo bikes to Lyon?"), a greeting or
// a sentence; taken as a name, that text would label them everywhere. Pure: tested on real answers.

/** Introductions taken off the front: "my name is Anna" gives "Anna". Longest first. */
const INTRODUCTIONS = [
  "my name is",
  "my name's",
  "the name is",
  "name is",
  "name:",
  "i am",
  "i'm",
  "it's",
  "it is",
  "this is",
  "call me",
  "je m'appelle",
  "je m’appelle",
  "mon nom est",
  "mon nom :",
  "nom :",
  "nom:",
  "moi c'est",
  "moi c’est",
  "c'est",
  "c’est",
  "je suis",
];

/**
 * Words that make a sentence, a greeting or a refusal, never a name (English and French).
 * Words that are also names somewhere (Will, May, An, Do, Ma, Tu, Elle, Le, La, De…) are left out.
 */
const NOT_NAME_WORDS = new Set(
  [
    // English
    "i", "you", "we", "they", "me", "my", "your", "our", "their", "it", "its", "is", "are", "am", "was", "were", "be",
    "can", "could", "would", "should", "have", "has", "had", "want", "need", "please", "help", "how", "what", "when",
    "where", "why", "which", "the", "to", "for", "with", "about", "this", "that", "there", "not", "don't", "dont", "i'm",
    "i'd", "i’m", "i’d",
    "hello", "hi", "hey", "thanks", "thank", "yes", "no", "ok", "okay", "rather", "skip", "none", "nobody", "anonymous",
    "deliver", "order", "price", "buy", "question", "of", "in", "on", "at", "if", "any", "some",
    // French
    "je", "il", "nous", "vous", "ils", "elles", "mon", "mes", "votre", "vos", "notre", "nos", "est", "suis",
    "sont", "avez", "avons", "pouvez", "peux", "veux", "voudrais", "faire", "comment", "quand", "pourquoi", "où",
    "quel", "quelle", "quels", "quelles", "avec", "pour", "dans", "pas", "ne", "ce", "cette", "ça", "ca", "bonjour",
    "bonsoir", "salut", "coucou", "merci", "oui", "non", "préfère", "prefere", "aide", "livrez", "commande", "prix",
    "les", "une", "un", "et", "ou", "qui", "que", "quoi", "personne",
  ],
);

/** A greeting before the name ("Hi, I'm Anna") is taken off too. */
const GREETING = /^(?:hi|hello|hey|bonjour|bonsoir|salut|coucou)(?=[\s,!.]|$)[\s,!.]*/iu;

/** Letters (any script), combining marks, and what joins the parts of a name. */
const NAME_CHARS = /^[\p{L}\p{M}][\p{L}\p{M}'’.\- ]*$/u;
const MAX_WORDS = 6;
const MAX_LENGTH = 60;

/** The name in `text` (its introduction and end punctuation taken off), or null when it does not look like one. */
export function nameFrom(text: string): string | null {
  let value = text.trim().replace(/\s+/g, " ");
  if (value.includes("?") || value.includes("¿")) return null;
  value = value.replace(GREETING, "");
  const lower = value.toLowerCase();
  const intro = INTRODUCTIONS.find((words) => lower.startsWith(`${words} `) || (words.endsWith(":") && lower.startsWith(words)));
  if (intro) value = value.slice(intro.length).trim();
  value = value.replace(/[.!…]+$/u, "").trim();
  if (value.length < 2 || value.length > MAX_LENGTH || !NAME_CHARS.test(value)) return null;
  const words = value.split(" ");
  if (words.length > MAX_WORDS) return null;
  if (words.some((word) => NOT_NAME_WORDS.has(word.toLowerCase().replace(/[.’']+$/u, "")))) return null;
  // At least two letters in all: "J." alone is an initial, not a name.
  if ((value.match(/\p{L}/gu) ?? []).length < 2) return null;
  return value;
}
