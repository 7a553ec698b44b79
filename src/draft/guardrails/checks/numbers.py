"""Numbers in a text, for the grounding check (C9): digits, number words and their values, and dates.

A number is grounded by a number the notes write, as digits or as words ('24' by 'twenty-four'); the
digits of a date ground only a date: '12 engineers' is not grounded by 'interview_date: 2026-11-12',
'November 12' is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from draft.text import fold

NUMBER = re.compile(r"(?<![\w.])\$?\d+(?:[.,:]\d+)*(?:%|k\b)?")
"""A number as a draft writes it: '40', '$1,200', '2.1%', '10:30', '50k'."""
THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
WORD = re.compile(r"[^\W\d_]+")
JOINER = re.compile(r"[ \t]*(?:-[ \t]*)?")  # between two words of one number: 'twenty-four', 'three hundred'

_MONTHS = (r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?"
           r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?")
_MONTH = rf"(?:{_MONTHS}|may)(?![^\W\d_])\.?"
_MONTH_NOT_MAY = rf"(?:{_MONTHS})(?![^\W\d_])\.?"  # '5 may grow' is no date; '5 May 2026' and 'the 5th of May' are
_DAY = r"\d{1,2}(?:st|nd|rd|th)?(?![\w])"
_YEAR = r"\d{4}(?!\d)"
DATE = re.compile(
    r"(?<![\w/.-])(?=[\dadfjmnostuwb])(?:"  # the first character of any date: most positions fail at once
    r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?!\d)"  # 2026-11-12, 2026/11/12
    r"|\d{1,2}/\d{1,2}(?:/\d{2,4})?(?![\d/])"  # 11/12, 11/12/2026
    r"|\d{1,2}\.\d{1,2}\.\d{4}(?!\d)"  # 12.11.2026 (a year, so '99.9' is no date)
    rf"|{_MONTH}[ \t]{{1,3}}{_DAY}(?:,?[ \t]{{1,3}}{_YEAR})?"  # November 12, Nov. 12th, 2026
    rf"|{_DAY}[ \t]{{1,3}}(?:of[ \t]{{1,3}})?{_MONTH_NOT_MAY}(?:,?[ \t]{{1,3}}{_YEAR})?"  # 12 November 2026, the 12th of Nov
    rf"|{_DAY}[ \t]{{1,3}}(?:of[ \t]{{1,3}}may(?![^\W\d_])(?:,?[ \t]{{1,3}}{_YEAR})?|may,?[ \t]{{1,3}}{_YEAR})"  # 5 May 2026, 5th of May
    rf"|{_MONTH},?[ \t]{{1,3}}{_YEAR}"  # November 2026
    r"|(?:on|by|before|after|until|till|from|since)[ \t]{1,3}the[ \t]{1,3}\d{1,2}(?:st|nd|rd|th)(?![\w])"  # by the 12th
    r"|(?:mon|tues|wednes|thurs|fri|satur|sun)day,?[ \t]{1,3}(?:the[ \t]{1,3})?\d{1,2}(?:st|nd|rd|th)?(?![\w])"  # Thursday the 12th
    r")",
    re.IGNORECASE,
)
"""A date as people write it. Its digits ground a date, never a count."""
_YEAR_ALONE = re.compile(r"(?:19|20)\d\d")

NumberTable = tuple[tuple[tuple[str, int], ...], frozenset[str]]
"""The number words of a rule and their values, and the multipliers ('hundred', 'dozen'): hashable, for caching."""


def number_table(values: dict[str, int], multipliers: list[str]) -> NumberTable:
    return tuple(sorted((fold(w), v) for w, v in values.items())), frozenset(fold(w) for w in multipliers)


def date_spans(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in DATE.finditer(text)]


def in_a_date(match: re.Match[str], spans: list[tuple[int, int]]) -> bool:
    """The number is part of a date ('November 12'), or a year on its own ('in 2026')."""
    return _YEAR_ALONE.fullmatch(match.group()) is not None or any(s <= match.start() and match.end() <= e for s, e in spans)


@dataclass(frozen=True)
class NotesNumbers:
    """The numbers a notes text writes: digit runs and number words (as digits) outside its dates, its
    decimals as written ('2.1', '99.9'), and the digits of its dates."""

    counts: frozenset[str]
    decimals: frozenset[str]
    dated: frozenset[str]

    def grounds(self, number: str, in_date: bool) -> bool:
        """Whether a number of a draft ('12', '1,000', '$40k', '2.1%', '10:30') is one the notes hold:
        every digit run of it, or the whole of it ('1,000' is 1000); a decimal as written ('99.99' is not
        '99.9'). A number in a date may also take the digits of the notes' dates."""
        allowed = self.counts | self.dated if in_date else self.counts
        plain = _bare(number)
        if "." in plain:
            return plain in self.decimals
        digits = re.findall(r"\d+", number)
        return all(d in allowed for d in digits) or all(d in allowed for d in re.findall(r"\d+", plain))


def _bare(number: str) -> str:
    """'$1,000.50' -> '1000.50', '2.1%' -> '2.1', '40k' -> '40'."""
    return THOUSANDS.sub("", number).strip("$%k")


@lru_cache(maxsize=16)
def notes_numbers(grounding_text: str, table: NumberTable) -> NotesNumbers:
    """The numbers of a notes text (:class:`NotesNumbers`), computed once per notes text."""
    folded = fold(grounding_text)
    spans = date_spans(folded)
    dated = {d for start, end in spans for d in re.findall(r"\d+", folded[start:end])}
    pieces, last = [], 0
    for start, end in spans:
        pieces.append(folded[last:start])
        last = end
    undated = " ".join([*pieces, folded[last:]])
    counts = set(re.findall(r"\d+", undated)) | {str(value) for _, value in number_phrases(undated, table) if value is not None}
    bare = {_bare(m.group()) for m in NUMBER.finditer(undated)}
    counts |= {number for number in bare if number.isdigit()}  # '$1,200' grounds '1200'
    decimals = {number for number in bare if "." in number}
    return NotesNumbers(counts=frozenset(counts), decimals=frozenset(decimals), dated=frozenset(dated))


def number_phrases(text: str, table: NumberTable) -> list[tuple[list[re.Match[str]], int | None]]:
    """Every word of ``text``, grouped into number phrases ('twenty-four', 'three hundred') with
    their value; a word that is not a number word is a phrase of its own, valued None."""
    values, multipliers = dict(table[0]), table[1]
    phrases: list[tuple[list[re.Match[str]], int | None]] = []
    run: list[re.Match[str]] = []
    for match in WORD.finditer(text):
        word = fold(match.group())
        if word not in values:
            phrases += [(run, _value(run, values, multipliers))] if run else []
            phrases.append(([match], None))
            run = []
            continue
        if run and not JOINER.fullmatch(text, run[-1].end(), match.start()):
            phrases.append((run, _value(run, values, multipliers)))
            run = []
        run.append(match)
    if run:
        phrases.append((run, _value(run, values, multipliers)))
    return phrases


def _value(run: list[re.Match[str]], values: dict[str, int], multipliers: frozenset[str]) -> int:
    """'twenty-four' 24, 'three hundred fifty' 350, 'two dozen' 24, 'ten thousand' 10000."""
    total = current = 0
    for match in run:
        word = fold(match.group())
        if word in multipliers:
            current = (current or 1) * values[word]
            if values[word] >= 1000:
                total, current = total + current, 0
        else:
            current += values[word]
    return total + current
