"""Rewrite a notes line for the reader: a grammatical phrase in their terms, chosen by its shape.

Every operation removes, reorders or swaps words (a reporting verb dropped, "their" -> "your",
shorthand expanded, Markdown and shouting calmed, names capitalized); none adds a content word
that the notes do not hold.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import emoji
from lemminflect import getAllLemmas, getInflection

from draft.text import STOPWORDS, fold
from draft.understanding.lexicon import shorthand
from draft.understanding.models import Phrase

MAX_PHRASE_WORDS = 18

_SUBJECTS = r"(?:she|he|they|we|the interviewer|the hiring manager|the manager|the recruiter|the team|{names})"
_REPORT_TOPIC = r"(?:discussed|talked about|talked|chatted about|chatted|spoke about|went over|covered|touched on|dug into|got into|reviewed|focused on|spent (?:most of the )?time on)"
_REPORT_HEARD = r"(?:described|explained|walked me through|showed me|told me about|talked about|presented|outlined|shared|gave (?:me )?an overview of|went over|mentioned|gave (?:me )?a tour of|pitched)"
_REPORT_THAT = r"(?:said|mentioned|noted|explained|told me|says|thinks|thought|believes|shared)"
_ASK = r"(?:asked(?: me)?|wanted to know|quizzed me|grilled me|was curious)"
_FIT_VERB = r"(?:told|shared|mentioned|talked about|explained|described|walked (?:\w+ )?through|showed|brought up|gave|presented|discussed|went through|pitched|highlighted)"
_ENJOYED = r"(?:really |especially |totally )?(?:loved|liked|enjoyed|appreciated)"
_PAST_MARKERS = re.compile(r"\b(at my (?:last|previous|old|current|former) (?:job|company|role|employer|team)|previous(?:ly)?|former(?:ly)?|last job|old job|at \w+ i\b|when i (?:was|worked))", re.IGNORECASE)
_SECOND_PERSON = {"their": "your", "theirs": "yours", "they": "you", "them": "you", "themselves": "yourselves", "they're": "you're", "they've": "you've", "they'll": "you'll", "they'd": "you'd"}
_THIRD_SINGULAR = {"her": "your", "his": "your", "she": "you", "he": "you", "hers": "yours", "him": "you", "she's": "you're", "he's": "you're"}
_BE_FIX = {"you is": "you are", "you was": "you were", "you has": "you have", "you does": "you do", "you doesn't": "you don't", "you isn't": "you aren't", "you wasn't": "you weren't", "you hasn't": "you haven't"}
_FINITE = {"is", "are", "was", "were", "has", "have", "had", "will", "would", "can", "could", "should", "does", "do", "did", "isn't", "aren't", "won't", "can't", "doesn't", "don't", "wasn't", "weren't", "'s", "'re"}
_WH = {"how", "what", "why", "whether", "if", "which", "when", "where", "who", "that"}
_PRONOUN_SUBJECTS = {"she", "he", "they", "we", "you", "it", "i", "you're", "she's", "he's", "they're", "we're", "it's", "i'm", "you've", "they've"}
_LABEL_PREFIX = re.compile(r"^[^\W\d_][\w&/ -]{0,30}?:\s+(?=\S)")
_TRAILING_JUNK = {"and", "or", "but", "with", "the", "a", "an", "to", "of", "for", "about", "on", "in", "at", "etc", "like", "so"}
_CONJUNCTIVE_CUTS = re.compile(r"\s*(?:;|\s[-\u2013\u2014]\s|\s->\s|\s=>\s|\(|\)|\.\.\.|\u2026)\s*")


@dataclass
class Context:
    """What the rewriter knows about the people: the interviewers' names (to speak to them) and the company."""

    interviewers: list[str] = field(default_factory=list)
    company: str = ""
    acronyms: frozenset[str] = frozenset()

    @property
    def name_forms(self) -> list[str]:
        forms: list[str] = []
        for name in self.interviewers:
            parts = [p for p in name.replace(",", " ").split() if p.rstrip(".").lower() not in ("dr", "mr", "mrs", "ms", "mx", "prof")]
            forms += [" ".join(parts), *parts[:1]]
        return sorted({f for f in forms if len(f) >= 2}, key=len, reverse=True)


# ---------------------------------------------------------------- cleaning

def remove_emoji(text: str) -> str:
    return text if text.isascii() else emoji.replace_emoji(text, replace="")


def expand_shorthand(text: str) -> str:
    table = shorthand().expand
    def swap(match: re.Match[str]) -> str:
        word = match.group(0)
        return table.get(word.lower(), word)
    pattern = "|".join(re.escape(k) for k in sorted(table, key=len, reverse=True))
    return re.sub(rf"(?<![\w/])(?:{pattern})(?![\w/])", swap, text, flags=re.IGNORECASE)


def drop_fillers(text: str) -> str:
    data = shorthand()
    for filler in sorted(data.fillers, key=len, reverse=True):
        text = re.sub(rf"(?<!\w){re.escape(filler)}(?!\w)[,.]?", " ", text, flags=re.IGNORECASE)
    opener = "|".join(re.escape(o) for o in sorted(data.openers, key=len, reverse=True))
    previous = None
    while previous != text:
        previous = text
        text = re.sub(rf"^\s*(?:{opener})\b[,:.-]?\s+", "", text, flags=re.IGNORECASE)
    return text


def is_english_word(word: str) -> bool:
    return bool(getAllLemmas(word.lower()))


def calm_shouting(text: str, acronyms: frozenset[str]) -> str:
    """'LOVED the new gallery' -> 'loved the new gallery'; acronyms (ETL, AWS) stay."""
    def calm(match: re.Match[str]) -> str:
        word = match.group(0)
        if word in acronyms or len(word) < 4 or not is_english_word(word):
            return word
        return word.lower()
    return re.sub(r"\b[A-Z][A-Z']{2,}\b", calm, text)


def capitalize_names(text: str, ctx: Context) -> str:
    for form in ctx.name_forms + ([ctx.company] if ctx.company else []):
        text = re.sub(rf"(?<!\w){re.escape(form)}(?!\w)", form, text, flags=re.IGNORECASE)
    return text


def clean(text: str, ctx: Context) -> str:
    """The words of a notes line without markup, emoji, fillers, shorthand or shouting."""
    text = remove_emoji(text)
    text = re.sub(r"\[([^\]\n]{0,200})\]\([^)\s]{0,500}\)", r"\1", text)  # a link the Markdown parser did not see
    text = re.sub(r"https?://\S+", "", text)
    text = re.sub(r"(?:(?<!\d)\*|\*(?!\d)|[_`#>|~])+", " ", text)  # markup out; a '*' between digits stays ('24*7')
    text = expand_shorthand(text)
    text = drop_fillers(text)
    text = calm_shouting(text, ctx.acronyms)
    text = capitalize_names(text, ctx)
    text = re.sub(r"\s*([!?]+|\.{2,}|\u2026)\s*", ". ", text)
    text = re.sub(r"\s+([,;:.])", r"\1", text)
    text = re.sub(r"\s{2,}", " ", text)
    return text.strip(" ,;:-.\"'")


# ---------------------------------------------------------------- person

def to_second_person(text: str, ctx: Context, about_reader: bool = True) -> str:
    """Speak to the reader: 'their'/'her'/'Dana's' -> 'your' where they mean the interviewer or their company."""
    if not about_reader or _PAST_MARKERS.search(text):
        return text
    for form in ctx.name_forms:
        text = re.sub(rf"(?<!\w){re.escape(form)}['\u2019]s\b", "your", text)
        text = re.sub(rf"(?<!\w){re.escape(form)}(?!\w)", "you", text)
    text = re.sub(r"\bthe (?:interviewer|hiring manager)['\u2019]s\b", "your", text, flags=re.IGNORECASE)
    table = _SECOND_PERSON | (_THIRD_SINGULAR if len(ctx.interviewers) == 1 else {})

    def swap(match: re.Match[str]) -> str:
        word = match.group(0)
        replacement = table[word.lower()]
        return replacement.capitalize() if word[0].isupper() else replacement

    pattern = "|".join(re.escape(k) for k in sorted(table, key=len, reverse=True))
    text = re.sub(rf"(?<![\w'])(?:{pattern})(?![\w'])", swap, text, flags=re.IGNORECASE)
    return agree_with_you(text)


def agree_with_you(text: str) -> str:
    """'you leads' -> 'you lead', 'you is' -> 'you are'."""
    for wrong, right in _BE_FIX.items():
        text = re.sub(rf"\b{wrong}\b", right, text, flags=re.IGNORECASE)

    def base(match: re.Match[str]) -> str:
        verb = match.group(2)
        lemmas = getAllLemmas(verb.lower()).get("VERB")
        if lemmas and (getInflection(lemmas[0], "VBZ") or ("",))[0] == verb.lower() and verb.lower() != lemmas[0]:
            return f"{match.group(1)} {lemmas[0]}"
        return match.group(0)

    return re.sub(r"\b(you|You)\s+([a-z]+s)\b", base, text)


# ---------------------------------------------------------------- shape

def _names_pattern(ctx: Context) -> str:
    forms = [re.escape(f) for f in ctx.name_forms]
    return "|".join(forms) or "(?!x)x"


def lower_first(text: str, ctx: Context) -> str:
    """Lowercase the first word when it is an ordinary word, not a name or an acronym."""
    match = re.match(r"([A-Z][a-z'\u2019]+)\b", text)
    if not match:
        return text
    word = match.group(1)
    if any(word == f.split()[0] for f in ctx.name_forms) or (ctx.company and ctx.company.startswith(word)):
        return text
    if word.lower() in ("i", "i'm", "i've", "i'd", "i'll"):
        return text
    if word.lower() in STOPWORDS or is_english_word(word):
        return word.lower() + text[len(word):]
    return text


def has_clause(text: str) -> bool:
    """Does the text hold a subject and a finite verb (a clause), rather than a noun phrase?"""
    words = re.findall(r"[\w'\u2019]+", text.lower())
    if len(words) > 1 and words[0] in _PRONOUN_SUBJECTS:
        return True
    for index, word in enumerate(words[:8]):
        if index == 0:
            continue
        if word in _WH or word in ("and", "or", "with", "for", "of", "to", "about", "on", "in"):
            return False
        if word in _FINITE:
            return True
        lemmas = getAllLemmas(word)
        verbs = lemmas.get("VERB")
        if verbs and "NOUN" not in lemmas and "ADJ" not in lemmas:
            lemma = verbs[0]
            if word != lemma and word in {(getInflection(lemma, "VBZ") or ("",))[0], (getInflection(lemma, "VBD") or ("",))[0]}:
                return True
    return False


def shorten(text: str) -> str:
    """At most MAX_PHRASE_WORDS words, cut at a clause boundary when there is one; no dangling 'and'."""
    first = _CONJUNCTIVE_CUTS.split(text, maxsplit=1)[0].strip()
    if len(first.split()) >= 3:
        text = first
    head, comma, _ = text.partition(", ")
    if comma and len(head.split()) >= 4:  # 'your move to BigQuery, manager wants it by Q2': one thought per sentence
        text = head
    words = text.split()
    if len(words) > MAX_PHRASE_WORDS:
        head = " ".join(words[:MAX_PHRASE_WORDS])
        cut = head.rfind(",")
        text = head[:cut] if cut > 20 else head
    words = text.split()
    while words and fold(words[-1].strip(",;:")) in _TRAILING_JUNK:
        words.pop()
    return " ".join(words).strip(" ,;:-.")


def split_answer(text: str) -> tuple[str, str | None]:
    """A concern line may carry my answer after a separator: 'too junior; I've shipped one job in Scala'."""
    parts = re.split(r"\s*(?:;|\s[-\u2013\u2014]\s|->|=>|\bbut\b|\(|\)|:)\s*", text, maxsplit=1)
    if len(parts) == 2 and re.match(r"(?i)\s*(i|i'm|i've|i'd|i have|i am|my)\b", parts[1]):
        return parts[0], parts[1].strip(" .)")
    return text, None


def rewrite(text: str, ctx: Context, kind: str) -> Phrase | None:
    """The phrase for the reader of a cleaned, sayable notes line (None when nothing sayable is left)."""
    text = re.sub(rf"^(?:{_names_pattern(ctx)})\s*:\s*", "", text)  # 'Priya: asked about ...' (a paragraph per interviewer)
    text = _LABEL_PREFIX.sub("", text)  # 'perio program: they want to start ...'  ('case study: I presented ...')
    names = _names_pattern(ctx)
    subjects = _SUBJECTS.format(names=names)
    if kind in ("forgot", "profile"):
        return _statement(text, ctx)
    if kind == "fit" or re.match(rf"(?i)^i\s+{_FIT_VERB}\b", text):
        match = re.match(rf"(?i)^(?:i\s+|we\s+)?{_FIT_VERB}\s+(?:(?:her|him|them|you|{names})\s+)?(?:about\s+|on\s+)?(?P<x>.+)$", text)
        core = match.group("x") if match else text
        core = re.sub(r"(?i)\b(her|him|them)\b", "you", core) if match else core
        return _phrase(core, "fit", ctx, about_reader=False)
    if match := re.match(rf"(?i)^(?:{subjects}\s+)?{_ASK}\s+(?:me\s+)?(?P<x>(?:about|how|what|why|whether|if|which|when|for|to)\b.*)$", text):
        core = re.sub(r"(?i)^about\s+", "", match.group("x"))
        return _phrase(core, "question", ctx, about_reader=False)
    if match := re.match(r"(?i)^i\s+asked\s+(?:about\s+|how\s+|what\s+)?(?P<x>.+)$", text):
        return _phrase(match.group("x"), "about", ctx)
    if match := re.match(rf"(?i)^(?:i\s+|we\s+)?(?:both\s+)?{_REPORT_TOPIC}\s+(?:about\s+)?(?P<x>.+)$", text):
        return _phrase(match.group("x"), "that" if has_clause(match.group("x")) else "about", ctx)
    if match := re.match(rf"(?i)^(?:{subjects})\s+{_REPORT_THAT}\s+that\s+(?P<x>.+)$", text):
        return _phrase(match.group("x"), "that", ctx)
    if match := re.match(rf"(?i)^(?:{subjects})?\s*{_REPORT_HEARD}\s+(?:about\s+)?(?P<x>.+)$", text):
        core = match.group("x")
        return _phrase(core, "that" if has_clause(core) else "heard", ctx)
    if match := re.match(rf"(?i)^(?:{subjects})\s+{_REPORT_THAT}\s+(?P<x>.+)$", text):
        core = match.group("x")
        return _phrase(core, "that" if has_clause(core) else "heard", ctx)
    if match := re.match(rf"(?i)^(?:i\s+)?{_ENJOYED}\s+(?:learning about\s+|hearing about\s+|the chat about\s+)?(?P<x>.+)$", text):
        return _phrase(match.group("x"), "about", ctx)
    return _phrase(text, "that" if has_clause(text) else "about", ctx)


def with_article(clause: str) -> str:
    """'team is growing to 8' -> 'the team is growing to 8': a bare singular noun as a clause's subject."""
    words = clause.split()
    if len(words) < 2 or not words[0].isalpha() or not words[0].islower():
        return clause
    lemmas = getAllLemmas(words[0])
    if "NOUN" in lemmas and "ADJ" not in lemmas and lemmas["NOUN"][0] == words[0] and words[1] in ("is", "was", "has", "will", "seems", "looks"):
        return "the " + clause
    return clause


def _phrase(core: str, shape: str, ctx: Context, about_reader: bool = True) -> Phrase | None:
    core = shorten(core.strip(" ,;:-."))
    core = to_second_person(core, ctx, about_reader)
    core = lower_first(core, ctx)
    if shape == "that":
        core = with_article(core)
    core = re.sub(r"^(?:that|about)\s+", "", core, flags=re.IGNORECASE) if shape in ("that", "about", "heard") else core
    if len(re.findall(r"[^\W\d_]{2,}", core)) < 1:
        return None
    return Phrase(text=core, shape=shape)  # type: ignore[arg-type]


def join_verbs(text: str) -> str:
    """'led the review, cut spend 30%' -> 'led the review and cut spend by 30%'."""
    def join(match: re.Match[str]) -> str:
        word = match.group(1)
        verbs = getAllLemmas(word.lower()).get("VERB")
        past = verbs and (getInflection(verbs[0], "VBD") or ("",))[0] == word.lower()
        return f" and {word}" if past else match.group(0)
    text = re.sub(r",\s+([a-z]+)\b", join, text, count=1)
    return re.sub(r"\b(cut|reduced|lowered|raised|increased|grew|improved|boosted|saved)\s+([\w-]+(?:\s[\w-]+)?)\s+(\d[\d.,]*\s?%)", r"\1 \2 by \3", text)


def _statement(text: str, ctx: Context) -> Phrase | None:
    """Something of mine to say ('I led the cost review'), as a first-person clause or a noun phrase."""
    core = join_verbs(shorten(text.strip(" ,;:-.")))
    words = core.split()
    if not words:
        return None
    first = words[0].lower()
    lemmas = getAllLemmas(first)
    if first in ("i", "i'm", "i've", "i'd", "i'll", "my"):
        core = "I" + core[1:] if first.startswith("i") and core[:1] == "i" else core
        return Phrase(text=core if first != "my" else lower_first(core, ctx), shape="statement" if first != "my" else "fit")
    verbs = lemmas.get("VERB")
    if verbs and first != verbs[0] and first == (getInflection(verbs[0], "VBD") or ("",))[0]:
        return Phrase(text="I " + lower_first(core, ctx), shape="statement")
    return Phrase(text=lower_first(core, ctx), shape="fit")
