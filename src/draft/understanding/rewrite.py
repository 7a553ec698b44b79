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
from draft.understanding.lexicon import shapes, shorthand
from draft.understanding.models import Phrase
from draft.understanding.quality import problems

MAX_PHRASE_WORDS = 18

_SUBJECTS = r"(?:she|he|they|we|the interviewer|the hiring manager|the manager|the recruiter|the team|{names})"
_REPORT_TOPIC = r"(?:discussed|talked about|talked|chatted about|chatted|spoke about|went over|covered|touched on|dug into|got into|reviewed|focused on|spent (?:most of |a lot of |much of |a good deal of )?(?:the )?(?:whole )?(?:time|hour|interview|call|ages) on)"
_REPORT_HEARD = r"(?:described|explained|walked (?:me |us )?through|showed me|told me about|talked about|presented|outlined|shared|gave (?:me )?an overview of|went over|mentioned|gave (?:me )?a tour of|pitched)"
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
_NATURAL_SHAPES = {"topic": ("about", "heard", "activity", "that"), "question": ("question",), "fit": ("fit", "statement"), "forgot": ("statement", "fit"), "profile": ("statement", "fit")}
_TAIL_PRONOUN = re.compile(r"(?i)^(?:it|it's|its|they're at|they are at|that|that's|this|which|so)\b")
_DETERMINERS = {"the", "a", "an", "your", "our", "my", "their", "this", "that", "these", "those", "each", "every", "some", "any", "no",
                "how", "what", "why", "which", "when", "where", "whether", "who", "both", "all", "most", "more", "many", "several", "two", "three"}
_CHUNK_ENDS = {"in", "on", "at", "for", "of", "to", "with", "from", "by", "and", "or", "after", "before", "during", "under", "over", "across", "through", "into", "per", "about", "around"}
_MONTHS = {m[:3].lower(): m for m in ("January", "February", "March", "April", "June", "July", "August", "September", "October", "November", "December")}
_MODALS = {"might", "may", "could", "would", "should", "must", "can", "will", "shall"}
_TITLE_WORDS = ("dr", "mr", "mrs", "ms", "mx", "prof", "professor", "doctor", "miss", "sir", "madam")
_LEAD_CONJUNCTION = re.compile(r"(?i)^(?:and|but|so|then|also)\s+")
_PARENTHESIS = re.compile(r"(?<!\s)\s*\([^()]{0,120}\)")
_PIECE_CUTS = re.compile(r"(?<!\s)\s*(?:,\s*and\s+(?=I\s)|(?<=\s)and\s+(?=I\s|[a-z]{3,}ing\s|how\s)|;|(?<=\s)[-\u2013\u2014]{1,2}(?=\s)|->|=>|\u2192|(?<=\s)=(?=\s)|:(?=\s)|(?<=\s)\u2014|\u2014(?=\s))\s*")
_FORGOT_LEAD = re.compile(r"(?i)^.{0,30}?\b(?:forgot to (?:mention|say|tell (?:you|her|him|them))|never mentioned|didn'?t (?:get to )?(?:mention|say|bring up)|"
                          r"should (?:have|'ve) (?:mentioned|said)|meant to (?:mention|say)|should (?:say|mention)|need to mention)\s+(?:that\s+)?")
_CONJUNCTIVE_CUTS = re.compile(r"(?<!\s)\s*(?:;|(?<=\s)(?:[-\u2013\u2014]|->|=>)(?=\s)|\(|\)|\.\.\.|\u2026)\s*")


@dataclass
class Context:
    """What the rewriter knows about the people: the interviewers' names (to speak to them) and the company."""

    interviewers: list[str] = field(default_factory=list)
    company: str = ""
    acronyms: frozenset[str] = frozenset()
    casings: tuple[str, ...] = ()

    @property
    def name_forms(self) -> list[str]:
        forms: list[str] = []
        for name in self.interviewers:
            parts = [p for p in name.replace(",", " ").split() if p.rstrip(".").lower() not in _TITLE_WORDS]
            forms += [" ".join(parts), *parts[:1], *parts[-1:]]
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


def in_full(text: str) -> str:
    """Contractions said in full, for a formal message: 'I'm halfway through' -> 'I am halfway through',
    'whether I'd done' -> 'whether I had done'."""
    table = shorthand().formal
    if not table:
        return text
    pattern = "|".join(re.escape(k).replace("'", "['\u2019]") for k in sorted(table, key=len, reverse=True))

    def swap(match: re.Match[str]) -> str:
        word = match.group("c")
        key = word.lower().replace("\u2019", "'")
        full = "I had" if key == "i'd" and _is_participle(match.group("next") or "") else table[key]
        return full[:1].upper() + full[1:] if word[:1].isupper() else full

    return re.sub(rf"(?<![\w'\u2019])(?P<c>{pattern})(?![\w'\u2019])(?:(?=\s+(?P<next>[\w-]+))|)", swap, text, flags=re.IGNORECASE)


def _is_past(word: str) -> bool:
    lemmas = getAllLemmas(word.lower()).get("VERB")
    return bool(lemmas) and word.lower() == (getInflection(lemmas[0], "VBD") or ("",))[0] and word.lower() != lemmas[0]


def _participle(word: str) -> str:
    lemmas = getAllLemmas(word.lower()).get("VERB")
    return (getInflection(lemmas[0], "VBN") or (word,))[0] if lemmas else word


def _is_participle(word: str) -> bool:
    lemmas = getAllLemmas(word.lower()).get("VERB")
    return bool(lemmas) and word.lower() == (getInflection(lemmas[0], "VBN") or ("",))[0] and word.lower() != lemmas[0]


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


_NUMBER_WORDS = {"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "twenty", "hundred",
                 "thousand", "first", "second", "third", "half", "multi", "single", "double"}


def is_english_word(word: str) -> bool:
    """A word of the dictionary ('statement'), a number word ('three'), or a hyphenated compound of them ('three-statement')."""
    parts = word.lower().split("-")
    return all(bool(getAllLemmas(part)) or part in _NUMBER_WORDS for part in parts if part)


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


def proper_case(text: str, ctx: Context) -> str:
    """'moved from redshift to bigquery' -> 'Redshift', 'BigQuery': the casing the notes use elsewhere, or a known product's."""
    for form in ctx.casings:
        text = re.sub(rf"(?<![\w-]){re.escape(form)}(?![\w-])", form, text, flags=re.IGNORECASE)
    return text


def clean(text: str, ctx: Context) -> str:
    """The words of a notes line without markup, emoji, fillers, shorthand or shouting."""
    text = remove_emoji(text)
    text = re.sub(r"\[([^\[\]\n]{0,200})\]\([^()\[\]\s]{0,500}\)", r"\1", text)  # a link the Markdown parser did not see (no bracket inside: each scan stops at the next one)
    text = re.sub(r"https?://\S+", "", text)
    text = re.sub(r"(?:(?<!\d)\*|\*(?!\d)|[_`#>|~])+", " ", text)  # markup out; a '*' between digits stays ('24*7')
    text = expand_shorthand(text)
    text = drop_fillers(text)
    text = calm_shouting(text, ctx.acronyms)
    text = capitalize_names(text, ctx)
    text = proper_case(text, ctx)
    text = re.sub(r"(?i)\blike\s+(?=~?\d)", "", text)
    text = re.sub(r"(?i)\b(\w+),?\s+\1\b", r"\1", text)  # 'for their, their budgeting app': a spoken restart  # 'do like 60 dials a day': a spoken filler before a number
    text = re.sub(r"(?i)\b(in|by|until|before|after|early|mid|late|since|from|of|starting)\s+(jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\b\.?",
                  lambda m: f"{m.group(1)} {_MONTHS[m.group(2).lower()[:3]]}", text)
    text = re.sub(r"(?<![\w.])i(?=['\u2019]\w|\s|$)(?!\.)", "I", text)  # 'i said' -> 'I said'
    text = re.sub(r"(?<!\s)\s*([!?]+|\.{2,}|\u2026)\s*", ". ", text)  # '(?<!\s)': a run of spaces is entered once (linear)
    text = re.sub(r"(?<!\s)\s+([,;:.])", r"\1", text)
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
    match = re.match(r"([A-Z][a-z'\u2019]+|[A-Z](?=-[a-z]))((?:-[a-z][a-z'\u2019]*)*)\b", text)
    if not match:
        return text
    word = match.group(1)
    if match.group(2):  # 'Three-statement models', 'E-discovery review': a compound of ordinary words
        compound = match.group(0)
        if is_english_word(compound.split("-", 1)[1]) and (len(word) == 1 or is_english_word(word)):
            return compound.lower() + text[len(compound):] if not any(compound == f.split()[0] for f in ctx.name_forms) else text
        return text
    if any(word == f.split()[0] for f in ctx.name_forms) or (ctx.company and ctx.company.split()[0] == word):
        return text
    if re.match(r"[A-Z][a-z'\u2019]+\s+[A-Z]", text):
        return text  # 'Passive House certification', 'Illustrative Math': a name of more than one word
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
        if word in _WH or word in _PRONOUN_SUBJECTS or word in ("and", "or", "with", "for", "of", "to", "about", "on", "in"):
            return False  # 'the board you started': a noun phrase with a relative clause
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
    parts = re.split(r"(?<!\s)\s*(?:;|(?<=\s)[-\u2013\u2014](?=\s)|->|=>|\bbut\b|\(|\)|:)\s*", text, maxsplit=1)
    if len(parts) == 2 and re.match(r"(?i)\s*(i|i'm|i've|i'd|i have|i am|my)\b", parts[1]):
        return parts[0], parts[1].strip(" .)")
    return text, None


def named_at_start(text: str, ctx: Context) -> str | None:
    """The interviewer a line starts by naming ('Carmen (HR) - walked through ...', 'Dr. Al-Amin asked ...'), or None."""
    for name in ctx.interviewers:
        one = Context(interviewers=[name])
        if re.match(rf"(?:(?:dr|prof|professor|mr|mrs|ms|mx)\.?\s+)?(?:{_names_pattern(one)})\b", text.strip(), re.IGNORECASE):
            return name
    return None


def is_person_label(piece: str, ctx: Context) -> bool:
    """'Carmen', 'Dr. Al-Amin': a piece that only names an interviewer (what follows is what they said)."""
    return bool(re.fullmatch(rf"(?:(?:dr|prof|professor|mr|mrs|ms|mx)\.?\s+)?(?:{_names_pattern(ctx)})", piece.strip(), re.IGNORECASE))


def with_also(statement: str) -> str:
    """A first-person statement that adds to one before it: 'I've written SOPs for GLP' -> 'I've also written SOPs
    for GLP', 'I validated a panel' -> 'I also validated a panel'; anything else as it is."""
    if re.match(r"I(?:'ve|'m|'d|'ll|\s+(?:have|am|was|had|will|can|would))\b", statement):
        return re.sub(r"^(I(?:'ve|'m|'d|'ll|\s+(?:have|am|was|had|will|can|would)))\b", r"\1 also", statement, count=1)
    if re.match(r"I\s+[a-z]+\b", statement):
        return re.sub(r"^I\s+", "I also ", statement, count=1)
    return statement


def without_asides(text: str) -> str:
    """The text without its parenthesized asides ('the IV room certification (they'll pay for it)')."""
    return _PARENTHESIS.sub("", text)


def pieces(text: str, ctx: Context) -> list[str]:
    """The ways a line may be said: the whole line, then each part between note separators
    ('SDK docs - they're rewriting the quickstart', 'compounding lab, they do pediatric suspensions');
    a parenthesis is an aside and is left out, a part that only names an interviewer is a label."""
    text = _PARENTHESIS.sub("", text).strip(" ,.")
    parts = [_LEAD_CONJUNCTION.sub("", p.strip(" ,.")) for p in _PIECE_CUTS.split(text) if p and p.strip(" ,.")]
    labelled = bool(parts) and is_person_label(parts[0], ctx)
    named = [p for p in parts if not is_person_label(p, ctx)]
    found: list[str] = [text] if len(named) == len(parts) else []
    for number, part in enumerate(named):
        head, comma, rest = part.partition(", ")
        if labelled and number == 0 and not has_clause(head) and not re.match(rf"(?i)(?:mostly |mainly )?(?:about|{_REPORT_HEARD}|{_REPORT_TOPIC}|{_ASK})\b", head):
            continue  # 'Layla - principal, runs the group': who the person is, not a topic
        else:
            found.append(part)
        if comma and is_person_label(head, ctx) and not has_clause(rest):
            continue  # 'Dr. Okonkwo, associate dean': who someone is, not a topic
        if comma:
            found += [head, *(r for r in rest.split(", ") if not _TAIL_PRONOUN.match(r))]
    found = [_LEAD_CONJUNCTION.sub("", p) for p in found]  # comma tails too: 'and she spent the hour on ...' 
    return list(dict.fromkeys(p for p in found if p))


def specificity(text: str) -> int:
    """Content words, with extra weight for numbers and names: how much a phrase recalls."""
    words = [w for w in re.findall(r"[\w'-]+", text) if w.lower() not in STOPWORDS]
    return len(words) + 2 * len(re.findall(r"\d+|\b(?!I\b|I'|I\u2019)[A-Z][\w-]*", text))


def rewrite(text: str, ctx: Context, kind: str) -> Phrase | None:
    """The phrase for the reader of a cleaned, sayable notes line: the most specific piece of the line
    that reads cleanly in a frame (quality.toml); when none does, the best piece with its problems
    recorded (said only when nothing clean is left), or None when nothing sayable is left."""
    label = _LABEL_PREFIX.match(text)
    topic_name = label.group(0).rstrip(": ").lower() if label and len(label.group(0).split()) >= 2 else None
    options = [(index, phrase, piece) for index, piece in enumerate(pieces(text, ctx)) if (phrase := _rewrite_piece(piece, ctx, kind))]
    if not options:
        return None
    for _, phrase, _ in options:
        phrase.problems = problems(phrase)
    clean_options = [option for option in options if not option[1].problems]
    if clean_options:
        natural = _NATURAL_SHAPES.get(kind, ())

        def merit(option: tuple[int, Phrase, str]) -> tuple[int, int]:
            index, phrase, piece = option
            bonus = (3 if index == 0 else 0) + (4 if phrase.shape in natural else 0) - 4 * phrase.text.count(",")
            bonus += 4 if topic_name and piece.lower() == topic_name else 0  # 'influencer program: ~40 creators': the topic's own name
            return specificity(phrase.text) + bonus, -index
        return max(clean_options, key=merit)[1]
    return options[0][1]


def _rewrite_piece(text: str, ctx: Context, kind: str) -> Phrase | None:
    """One piece of a line, rewritten by its reporting verb."""
    text = re.sub(rf"^(?:{_names_pattern(ctx)})\s*:\s*", "", text)  # 'Priya: asked about ...' (a paragraph per interviewer)
    text = _LABEL_PREFIX.sub("", text)  # 'perio program: they want to start ...'  ('case study: I presented ...')
    text = re.sub(r"(?i)^(?:mostly|mainly|largely|all|a lot)\s+(?=about\b)", "", text)
    names = _names_pattern(ctx)
    subjects = _SUBJECTS.format(names=names)
    if kind in ("forgot", "profile"):
        return _statement(re.sub(_FORGOT_LEAD, "", text), ctx)
    if (match := re.match(rf"(?i)^(?:{subjects})\s+(?:ran|led|gave|set up|did)\s+(?:me\s+)?(?P<x>(?:an?|the)\s.+)$", text)) and shapes().is_activity(match.group("x")):
        return Phrase(text=re.sub(r"(?i)^(?:an?|the)\s", "the ", match.group("x")), shape="activity")  # 'he ran the role play' -> 'the role play'
    if match := re.match(rf"(?i)^(?:{subjects}\s+)?had me do\s+(?P<x>(?:an?|the)\s.+)$", text):
        tasks = re.sub(r"(?i)(?:^|\b(?<=and )|\b(?<=and then ))(?:an?|the)\s", "the ", match.group("x"))
        return Phrase(text=re.sub(r"(?i)\band then\b", "and", tasks), shape="activity")  # 'a mise en place test and then a braise' -> 'the ... and the braise'
    if match := re.match(r"(?i)^i\s+(?:said|mentioned|told (?:you|her|him|them))\s+(?:that\s+)?(?P<x>(?:i|i'm|i've|i'd)\b.+)$", text):
        return _statement(match.group("x"), ctx)
    if kind == "fit" or re.match(rf"(?i)^i\s+{_FIT_VERB}\b", text):
        match = re.match(rf"(?i)^(?:i\s+|we\s+)?{_FIT_VERB}\s+(?:(?:her|him|them|you|{names})\s+)?(?:about\s+|on\s+)?(?P<x>.+)$", text)
        core = match.group("x") if match else text
        core = re.sub(r"(?i)\b(her|him|them)\b", "you", core) if match else core
        return _phrase(core, "fit", ctx, about_reader=False)
    if match := re.match(rf"(?i)^(?:{subjects}\s+)?{_ASK}\s+(?:me\s+)?(?P<x>(?:about|how|what|why|whether|if|which|when|for|to)\b.*)$", text):
        core = re.sub(r"(?i)^(?:about|for (?:an example|examples|a time|an instance) (?:of|when)|to walk (?:you |them |her |him )?through)\s+", "", match.group("x"))
        core = re.sub(r"(?i)^(?:what|how much) I kn(?:ow|ew) about\s+", "", core)  # 'your question about what I know about SWMM' 
        return _phrase(core, "question", ctx, about_reader=False)
    if match := re.match(r"(?i)^i\s+asked\s+(?:about\s+|how\s+|what\s+)?(?P<x>.+)$", text):
        return _phrase(match.group("x"), "about", ctx)
    if match := re.match(rf"(?i)^(?:i\s+|we\s+|(?:{subjects})\s+)?(?:both\s+)?{_REPORT_TOPIC}\s+(?:for ages |a lot |at length |mostly |for a while |for a bit |for a long time |a long time |for quite a while )?(?:about\s+)?(?P<x>.+)$", text):
        return _phrase(match.group("x"), "that" if has_clause(match.group("x")) else "about", ctx)
    text = re.sub(rf"(?i)^((?:{subjects})\s+)(?:also|then|later|again)\s+", r"\1", text)
    if match := re.match(rf"(?i)^(?:{subjects})\s+{_REPORT_THAT}\s+that\s+(?P<x>.+)$", text):
        return _phrase(match.group("x"), "that", ctx)
    if match := re.match(rf"(?i)^(?:{subjects})\s+mentioned\s+(?:about\s+)?(?P<x>.+)$", text):
        core = match.group("x")  # a mention is talked about, never 'learned about' ('he mentioned SEO and SEM': I know them)
        mentioned = _phrase(core, "that" if has_clause(core) else "about", ctx)
        return mentioned.model_copy(update={"discussed": mentioned.shape == "about"}) if mentioned else None
    if match := re.match(rf"(?i)^(?:{subjects})?\s*{_REPORT_HEARD}\s+(?:about\s+)?(?P<x>.+)$", text):
        core = match.group("x")
        return _phrase(core, "that" if has_clause(core) else "heard", ctx)
    if match := re.match(rf"(?i)^(?:{subjects})\s+{_REPORT_THAT}\s+(?P<x>.+)$", text):
        core = match.group("x")
        return _phrase(core, "that" if has_clause(core) else "heard", ctx)
    if match := re.match(rf"(?i)^(?:i\s+)?{_ENJOYED}\s+(?:learning about\s+|hearing about\s+|the chat about\s+)?(?P<x>.+)$", text):
        return _phrase(match.group("x"), "about", ctx)
    if re.match(r"(?i)^I\s+(?!(?:asked|wonder|wondered|think|thought|felt|feel|hope|guess)\b)[a-z]+", text) and not has_clause(text[2:]):
        return _statement(text, ctx)  # 'I speak Arabic and French': mine to say, with a fit frame
    if len(ctx.interviewers) > 1 and re.match(rf"(?i)^(?:(?:dr|prof|mr|mrs|ms)\.?\s+)?(?:{names})\b", text):
        return None  # 'Prof. Zhang chairs the committee': who someone on the panel is, not a topic
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


def _is_gerund(word: str) -> bool:
    """'migrating' (a verb's -ing form), not 'spring' or 'co-teaching'."""
    lower = word.lower()
    verbs = getAllLemmas(lower).get("VERB")
    return lower.endswith("ing") and "-" not in lower and bool(verbs) and verbs[0] != lower


def with_determiner(phrase: str) -> str:
    """'co-teaching model in 6th grade ELA' -> 'the co-teaching model in 6th grade ELA': a noun phrase
    whose head is a bare singular noun takes 'the' (plurals, mass nouns after one word, names and
    numbers stay as written)."""
    words = phrase.split()
    modifier = bool(words) and re.fullmatch(r"\d+(?::\d+|-[a-z]+)", words[0]) is not None  # '12-week preceptorship', '1:1 Chromebook rollout'
    if not words or words[0].lower() in _DETERMINERS or (words[0][:1].isdigit() and not modifier) or _is_gerund(words[0]):
        return phrase
    chunk: list[str] = []
    for index, word in enumerate(words):
        joins_names = word == "and" and chunk and chunk[-1][:1].isupper() and index + 1 < len(words) and words[index + 1][:1].isupper()
        if (word.lower() in _CHUNK_ENDS and not joins_names) or word.lower() in _DETERMINERS or not re.fullmatch(r"[\w'-]+|\d+:\d+", word):
            break  # 'Revit and Rhino workflow' is one noun phrase; 'holistic review and dropping the GRE' is two
        chunk.append(word)
    if len(chunk) < 2 or len(chunk) != len(words) and words[len(chunk)].lower() not in _CHUNK_ENDS:
        return phrase
    if "bad_start" in problems(Phrase(text=phrase, shape="about")):
        return phrase  # 'need someone to run onboarding', 'would still love to': no noun phrase to determine
    head = chunk[-1]
    lemmas = getAllLemmas(head.lower())
    nouns = lemmas.get("NOUN")
    unknown_after_names = not lemmas and head.isalpha() and head.islower() and all(
        word[:1].isupper() or re.fullmatch(r"\d+(?::\d+|-[a-z]+)", word) for word in chunk[:-1])
    if unknown_after_names and not head.endswith(("ing", "s")):
        return "the " + phrase  # 'React Server Components rollout': a word the dictionary lacks, after the names it qualifies
    if head[:1].isupper() or not nouns or nouns[0] != head.lower() or head.lower().endswith("ing") or shapes().is_mass(head):
        return phrase  # a name, a plural, a gerund ('motivational interviewing'), a mass noun ('medication therapy management')
    return "the " + phrase


def _phrase(core: str, shape: str, ctx: Context, about_reader: bool = True) -> Phrase | None:
    core = shorten(core.strip(" ,;:-."))
    if shape in ("that", "about", "heard"):  # the shape of what is left after shortening
        shape = "that" if has_clause(core) else ("heard" if shape == "heard" else "about")
    core = to_second_person(core, ctx, about_reader)
    core = lower_first(core, ctx)
    if shape == "that":
        core = with_article(core)
    core = re.sub(r"^(?:that|about)\s+", "", core, flags=re.IGNORECASE) if shape in ("that", "about", "heard") else core
    if shape in ("about", "heard"):
        core = with_determiner(shapes().without_tail(core))
        shape = "activity" if shapes().is_activity(core) else shape
    if shape == "question":
        core = re.sub(r"^if\b", "whether", core)  # 'your question about whether I have done ...'

    if len(re.findall(r"[^\W\d_]{2,}", core)) < 1:
        return None
    if core.count(" and ") > 1 and "," not in core:  # 'SEO and SEM and the social media budget' -> 'SEO, SEM and the social media budget'
        core = core.replace(" and ", ", ", 1)
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


_WE_DID = re.compile(r"(?<=\S)\s+we\s+(?=[a-z-]+ed\b)")
"""'we' before a past tense inside my own news: my team, never the reader's company."""


def _it_named(clause: str) -> str:
    """'I finished the Tableau certification and rebuilt my team's KPI deck in it' -> '... in Tableau': a tool my
    sentence named, not the certification 'it' would seem to point at."""
    match = re.search(r"\b(?:in|with|using)\s+it\b(?!')", clause)
    if not match:
        return clause
    names = [word for word in re.findall(r"(?<=\s)[A-Z][\w+#.-]*[\w+#]", clause[:match.start()]) if word.lower()[:3] not in _MONTHS and word != "May" and not word.isupper()]
    return clause[:match.start()] + match.group().replace("it", names[0]) + clause[match.end():] if names else clause


def _statement(text: str, ctx: Context) -> Phrase | None:
    """Something of mine to say ('I led the cost review'), as a first-person clause or a noun phrase; 'our' in my
    own news is my team's, never the reader's ('rebuilt our KPI deck' -> 'rebuilt my team's KPI deck')."""
    core = join_verbs(shorten(text.strip(" ,;:-.")))
    if done := re.fullmatch(r"(?P<obj>(?!(?:I|my|we|our|the|a|an)\b)[\w&+.-]+(?:\s+[\w&+.-]+){0,5}?)\s+(?P<verb>passed|completed|earned|finished|obtained|received|published)\b(?P<rest>.*)", core):
        return Phrase(text=f"I {done.group('verb')} {done.group('obj')}{done.group('rest')}", shape="statement")  # 'CFA Level II passed in August'
    held = re.fullmatch(r"(?i)(?:my\s+)?((?:[\w-]+\s+){0,4}(?:certification|certificate|license|licence|credential))", core)
    if held:  # 'my dry needling certification' -> 'I hold a dry needling certification'
        article = "an" if held.group(1)[:1].lower() in "aeiou" else "a"
        return Phrase(text=f"I hold {article} {held.group(1)}", shape="statement")
    spoken = re.fullmatch(r"(?i)my\s+(?:(?:fluent|native|conversational|basic)\s+)?([A-Za-z]+)", core)
    if spoken and spoken.group(1).lower() in {language.lower() for language in shapes().languages}:
        return Phrase(text=f"I speak {spoken.group(1)[:1].upper() + spoken.group(1)[1:]}", shape="statement")  # 'my Irish'
    core = re.sub(r"\bour\b(?!\s+(?:conversation|interview|call|meeting|chat)\b)", "my team's", core)
    core, ours = _WE_DID.subn(" my team ", core)  # 'the runbook generator we open-sourced': never the reader's 'we', and
    if ours:  # 'a' runbook generator: they do not know which
        core = re.sub(r"\bthe\s+(?=((?:[\w-]+\s+){0,3}?)[\w-]+\s+my team\b)", lambda m: "an " if core[m.end():m.end() + 1].lower() in "aeiou" else "a ", core, count=1)
    core = _it_named(core)
    if re.match(r"(?i)I(?:'ve| have) been\b", core):  # 'I've been learning Scala and shipped one job' -> 'and have shipped'
        core = re.sub(r"\band ([a-z]+)\b", lambda m: f"and have {_participle(m.group(1))}" if _is_past(m.group(1)) else m.group(0), core, count=1)
    words = core.split()
    if not words:
        return None
    first = words[0].lower()
    lemmas = getAllLemmas(first)
    if first in ("i", "i'm", "i've", "i'd", "i'll", "my"):
        core = "I" + core[1:] if first.startswith("i") and core[:1] == "i" else core
        mine = first != "my" or has_clause(" ".join(words[1:]))  # 'my thesis was on timber joinery' is a clause
        shown = first == "my" and not mine and shapes().is_artifact(core)  # 'my preprint on cell-type deconvolution': offered
        return Phrase(text=core if first != "my" else lower_first(core, ctx), shape="statement" if mine else "artifact" if shown else "fit")
    verbs = lemmas.get("VERB")
    if first not in _MODALS and verbs and first != verbs[0] and first == (getInflection(verbs[0], "VBD") or ("",))[0]:
        return Phrase(text="I " + lower_first(core, ctx), shape="statement")
    return Phrase(text=lower_first(core, ctx), shape="fit")
