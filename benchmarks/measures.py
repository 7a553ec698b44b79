"""Automatic sendability measures: pure functions over a draft, its notes and the case's expectations.

They judge the drafting code, so they share none of its internals: their own word
splitting, their own stemmer (Snowball), their own reading of the notes' header. Each
returns the offending text, so a report can show what failed and where.

* :func:`leaks` - never-phrases (private remarks, pay, doubts, logistics, shorthand) in the draft.
* :func:`seams` - a frame followed by a raw note fragment ("about she described..."), leftover
  Markdown, a list marker mid-sentence, a quoted notes line.
* :func:`unsupported` - content words the notes do not hold and the follow-up vocabulary
  (``followup_vocabulary.txt``) does not allow.
* :func:`unsigned` - a sender is known and the sign-off does not carry the name.
* :func:`missing` - must-phrases (topics) the draft does not mention.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import tomllib
import unicodedata
from functools import lru_cache
from pathlib import Path

import snowballstemmer
from pydantic import BaseModel, Field
from rapidfuzz import fuzz

VOCABULARY_FILE = Path(__file__).parent / "followup_vocabulary.txt"

FUZZY_MIN_CHARS = 15  # never-phrases at least this long also match fuzzily
FUZZY_THRESHOLD = 90  # rapidfuzz partial_ratio, 0-100
QUOTE_SHARE = 0.6  # a quoted span whose words are at least this share of one notes line is a pasted note

REPORTING_VERBS = ("discussed", "talked", "described", "mentioned", "asked", "said", "explained", "told", "went over",
                   "walked", "showed", "thinks", "think", "covered", "forgot")
SUBJECT_PRONOUNS = ("i", "she", "he", "they", "we")
ANY_PRONOUN = SUBJECT_PRONOUNS + ("you",)
CONTRACTED_SUBJECTS = ("i'm", "you're", "she's", "he's", "they're", "we're", "it's", "i've", "they've", "we've", "there's")
PREPOSITIONS = ("for", "before", "after", "in", "on", "at", "with", "from", "to", "by", "about", "of", "into")
COPULAS = ("is", "are", "was", "were", "'s")
WH_WORDS = ("how", "what", "why", "where", "when", "whether", "who", "which")
RAW_PUNCTUATION = re.compile(r": | = | -> | \u2192 | - |\?\?|!!")
HEADING_WORDS = ("notes", "topics", "concerns", "concern", "private", "self", "forgot", "worries", "discussed")
SHORTHAND_FILE = Path(__file__).parent / "shorthand.toml"
# Frames after which a note is pasted; the ones ending in a comma take a clause, so "I" may follow them.
FRAMES = (
    "conversation about", "conversations about", "discussion of", "discussion about", "discussing",
    "learning about", "learning more about", "hearing about", "hearing more about", "hearing that", "learning that",
    "talking about", "speaking about", "about", "regarding", "concerning", "including", "such as",
    "the point you raised,", "your question about", "your point about", "hear that", "learn that",
)
_CLAUSE_FRAMES = ("hearing that", "learning that", "hear that", "learn that")
_SIGN_OFF = re.compile(r"^\s*(best( regards| wishes)?|kind regards|warm regards|warmly|regards|sincerely( yours)?|yours sincerely|"
                       r"respectfully|with gratitude|many thanks|thank you( again)?|thanks( again)?|cheers|all the best)\s*[,.!]?\s*$",
                       re.IGNORECASE)
_SENDER_KEYS = ("sender", "name", "me", "my_name", "from", "candidate")
_WORD = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*")
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"})
_GLUE_WORDS = frozenset("a an the and or of to in on for with at by".split())
_NUMBER_WORDS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
                 "sixteen seventeen eighteen nineteen twenty").split()


class Expectations(BaseModel):
    """A case's ground truth: topics a good draft mentions, phrases no draft may contain."""

    must: list[str] = Field(default_factory=list)
    never: list[str] = Field(default_factory=list)


class Measures(BaseModel):
    """Every measure of one draft; empty lists and False mean it passed."""

    leaks: list[str] = Field(default_factory=list)
    seams: list[str] = Field(default_factory=list)
    unsupported: list[str] = Field(default_factory=list)
    unsigned: bool = False
    missing: list[str] = Field(default_factory=list)
    must_coverage: float | None = None

    @property
    def clean(self) -> bool:
        return not (self.leaks or self.seams or self.unsupported or self.unsigned)


# --- text helpers (our own: the measures must not share the drafting code's) ---

def normalize(text: str) -> str:
    """Case-folded, diacritics stripped, quotes straightened, whitespace runs collapsed."""
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text).translate(_QUOTES))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())


def tokens(text: str) -> list[str]:
    """Words of ``text``, normalized; hyphenated words are split into their parts."""
    return [part for word in _WORD.findall(normalize(text)) for part in word.split("-") if part]


@lru_cache(maxsize=1)
def _stemmer():
    return snowballstemmer.stemmer("english")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    word = word.removesuffix("'s")
    return _stemmer().stemWord(word)


def _contains(haystack: str, needle: str) -> bool:
    """Whole-token containment of a normalized ``needle`` in a normalized ``haystack``."""
    if not needle:
        return False
    before = r"(?<![^\W_])" if re.match(r"[^\W_]", needle[0]) else ""
    after = r"(?![^\W_])" if re.match(r"[^\W_]", needle[-1]) else ""
    return re.search(before + re.escape(needle) + after, haystack) is not None


@lru_cache(maxsize=1)
def shorthand() -> dict[str, list[str]]:
    """Shorthand token -> its expansions (``shorthand.toml``)."""
    with open(SHORTHAND_FILE, "rb") as handle:
        return {key.casefold(): value for key, value in tomllib.load(handle).items()}


@lru_cache(maxsize=1)
def vocabulary() -> frozenset[str]:
    """The stems of ``followup_vocabulary.txt``."""
    words = []
    for line in VOCABULARY_FILE.read_text(encoding="utf-8").splitlines():
        words += tokens(line.split("#", 1)[0])
    return frozenset(stem(w) for w in words) | frozenset(words)


def notes_header(notes_text: str) -> dict[str, str]:
    """The notes' header keys (YAML front matter or leading ``Key: value`` lines), lower-cased, scalar values only."""
    lines = notes_text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    header: dict[str, str] = {}
    if lines and lines[0].strip() == "---":
        block = lines[1:]
        block = block[: next((i for i, line in enumerate(block) if line.strip() == "---"), len(block))]
    else:
        block = []
        for line in lines:
            if not line.strip():
                if header:
                    break
                continue
            if not re.match(r"^\s*[A-Za-z][\w -]{0,30}:", line):
                break
            block.append(line)
    for line in block:
        match = re.match(r"^([A-Za-z][\w -]{0,30}?)\s*:\s*(.*?)\s*$", line)
        if match and match.group(2):
            header[match.group(1).lower().replace(" ", "_").replace("-", "_")] = match.group(2).strip("\"'")
    return header


def sender_of(notes_text: str) -> str | None:
    header = notes_header(notes_text)
    return next((header[key] for key in _SENDER_KEYS if header.get(key)), None)


def _date_words(notes_text: str) -> list[str]:
    """Words a draft may derive from the interview date: weekday, month, day."""
    words: list[str] = []
    for iso in re.findall(r"\b(\d{4}-\d{2}-\d{2})\b", notes_text):
        try:
            day = dt.date.fromisoformat(iso)
        except ValueError:
            continue
        words += [calendar.day_name[day.weekday()], calendar.month_name[day.month], str(day.day), str(day.year)]
        words += [f"{day.day}{'th' if 10 <= day.day % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(day.day % 10, 'th')}"]
    return words


def _with_number_forms(words: set[str]) -> set[str]:
    """'3' and 'three' stand for each other."""
    extra = set()
    for word in words:
        if word.isdigit() and int(word) < len(_NUMBER_WORDS):
            extra.add(_NUMBER_WORDS[int(word)])
        elif word in _NUMBER_WORDS:
            extra.add(str(_NUMBER_WORDS.index(word)))
    return words | extra


# --- the measures ---

def leaks(draft: str, never: list[str]) -> list[str]:
    """The never-phrases present in ``draft``: exact (case- and whitespace-insensitive, whole tokens),
    or, for phrases of ``FUZZY_MIN_CHARS`` characters or more, fuzzy (rapidfuzz partial ratio)."""
    text = normalize(draft)
    found = []
    for phrase in never:
        needle = normalize(phrase)
        if _contains(text, needle):
            found.append(phrase)
        elif len(needle) >= FUZZY_MIN_CHARS and fuzz.partial_ratio(needle, text, score_cutoff=FUZZY_THRESHOLD):
            found.append(phrase)
    return found


def _frame_pattern() -> re.Pattern[str]:
    alternatives = sorted(FRAMES, key=len, reverse=True)
    return re.compile(r"(?<![^\W_])(?P<frame>" + "|".join(re.escape(f) for f in alternatives) + r")\s+(?=(?P<rest>.{0,40}))", re.IGNORECASE)


_FRAME = _frame_pattern()
_MARKDOWN = re.compile(r"\*\*|__|~~|\]\(|\(https?://|\[[^\]]+\]\(|^\s*#{1,6}\s", re.MULTILINE)
_MID_LIST = re.compile(r"[^\W_][,;:]? (?:\d{1,2}[.)]|[\u2022\u25aa\u25e6\u2023]) [A-Za-z]")
_QUOTED = re.compile(r'"([^"\n]{6,}?)"')
_LIST_START = re.compile(r"^(?:\*\*|\[|\(https?:|[-*\u2022] |\d{1,2}[.)] )")


def _seam_after_frame(frame: str, rest: str) -> str | None:
    """Why the text after ``frame`` is a raw note fragment, or None."""
    if _LIST_START.match(rest):
        return "Markdown or a list marker"
    if rest[:1] in "\"\u201c":
        return "a quotation"
    words = [w.casefold() for w in re.findall(r"[^\s,.;!?()]+", rest)[:3]]
    if not words:
        return None
    first = words[0]
    takes_clause = frame.endswith(",") or frame in _CLAUSE_FRAMES
    if first in REPORTING_VERBS or " ".join(words[:2]) in REPORTING_VERBS:
        return "a reporting verb"
    if first in ANY_PRONOUN and any(w in REPORTING_VERBS for w in words[1:3]):
        return "a pronoun and a reporting verb"
    if first in SUBJECT_PRONOUNS and not takes_clause:
        return "a subject pronoun"
    if first in CONTRACTED_SUBJECTS and not takes_clause:
        return "a clause where a noun belongs"
    if frame in _CLAUSE_FRAMES and first in ("i", "i'm", "i've", "my"):
        return "the job seeker's own item told as news"
    if first.rstrip(":") in HEADING_WORDS:
        return "a heading word"
    if first.rstrip(":") in shorthand():
        return "shorthand"
    if not takes_clause and first in PREPOSITIONS:
        return "a preposition"
    if not takes_clause and first not in WH_WORDS and any(w in COPULAS for w in words[1:3]):
        return "a clause where a noun belongs"
    fragment = re.split(r"(?<=[.!?])\s", rest, maxsplit=1)[0]
    if RAW_PUNCTUATION.search(fragment):
        return "note punctuation"
    return None


def seams(draft: str, notes_text: str = "") -> list[str]:
    """Places where a note was pasted into the message instead of rewritten, each as 'why: text'."""
    found: list[str] = []
    text = draft.translate(_QUOTES)
    for match in _FRAME.finditer(text):
        why = _seam_after_frame(match.group("frame").casefold(), match.group("rest"))
        if why:
            found.append(f"{why}: {(match.group(0) + match.group('rest')).splitlines()[0].strip()}")
    markdown_lines = {text.count("\n", 0, match.start()): match for match in reversed(list(_MARKDOWN.finditer(text)))}
    for line in sorted(markdown_lines):
        match = markdown_lines[line]
        found.append(f"leftover Markdown: {text[max(0, match.start() - 20) : match.end() + 20].strip()}")
    for match in _MID_LIST.finditer(text):
        found.append(f"a list marker mid-sentence: {text[max(0, match.start() - 20) : match.end() + 20].strip()}")
    note_lines = [set(tokens(line)) for line in notes_text.splitlines() if len(tokens(line)) >= 3]
    for match in _QUOTED.finditer(text):
        quoted = tokens(match.group(1))
        if len(quoted) >= 3 and any(sum(w in line for w in quoted) / len(quoted) >= QUOTE_SHARE for line in note_lines):
            found.append(f"a quoted notes line: {match.group(0)}")
    return found


def unsupported(draft: str, notes_text: str) -> list[str]:
    """Content words of ``draft`` found neither in the notes (by stem, or as a number's other form)
    nor in the follow-up vocabulary; each word once, in order."""
    notes_words = set(tokens(notes_text)) | set(tokens(" ".join(_date_words(notes_text))))
    notes_words |= set(tokens(re.sub(r"(?<=\d)(?=[^\W\d_])|(?<=[^\W\d_])(?=\d)", " ", notes_text)))  # '40m' holds '40'
    notes_folded = normalize(notes_text)
    for token, expansions in shorthand().items():
        if _contains(notes_folded, token):
            notes_words |= set(tokens(" ".join(expansions)))
    notes_words = _with_number_forms(notes_words)
    allowed = {stem(w) for w in notes_words} | notes_words | vocabulary()
    found: dict[str, None] = {}
    for word in tokens(draft):
        if word in allowed or stem(word) in allowed or word.removesuffix("'s") in allowed:
            continue
        found.setdefault(word, None)
    return list(found)


def sign_off_block(draft: str, kind: str = "thank-you") -> str:
    """The closing of a message: from its last sign-off line ("Best regards,") to the end; a call
    script introduces the caller, so for ``phone`` it is the whole script."""
    if kind == "phone":
        return draft
    lines = [line for line in draft.splitlines() if line.strip()]
    for index in range(len(lines) - 1, max(-1, len(lines) - 5), -1):
        if _SIGN_OFF.match(lines[index]):
            return "\n".join(lines[index:])
    return "\n".join(lines[-2:])


def unsigned(draft: str, notes_text: str, kind: str = "thank-you") -> bool:
    """True when the notes name the sender (``sender:``, ``name:``, ``me:``...) and the sign-off does not carry it."""
    sender = sender_of(notes_text)
    if not sender:
        return False
    return not _contains(normalize(sign_off_block(draft, kind)), normalize(sender))


def missing(draft: str, must: list[str]) -> list[str]:
    """Must-phrases the draft does not mention: every content word of the phrase, by stem, must appear."""
    draft_stems = {stem(w) for w in _with_number_forms(set(tokens(draft)))}
    absent = []
    for phrase in must:
        words = [w for w in tokens(phrase) if w not in _GLUE_WORDS] or tokens(phrase)
        if not all(stem(w) in draft_stems for w in words):
            absent.append(phrase)
    return absent


def measure(draft: str, notes_text: str, kind: str, expectations: Expectations) -> Measures:
    """Every measure of one draft."""
    absent = missing(draft, expectations.must)
    return Measures(
        leaks=leaks(draft, expectations.never),
        seams=seams(draft, notes_text),
        unsupported=unsupported(draft, notes_text),
        unsigned=unsigned(draft, notes_text, kind),
        missing=absent,
        must_coverage=1 - len(absent) / len(expectations.must) if expectations.must else None,
    )
