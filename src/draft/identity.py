"""Which application a notes file is: its company, its role and a person, as people write them.

Notes of one job search name the same interviewer in several ways: "Tom Becker (eng mgr)",
"Tom Becker, Engineering Manager", "Dr. Tom Becker", "tom becker", "Tom" in a later round's
quick notes. A person's name is compared without its asides (a role in brackets, a quoted
nickname), without what follows a comma or a dash (a role, a credential), without titles and
without case or accents; a given name alone is the person whose given name it is. Two notes
files are the same application when company and role match (case and spacing aside) and
they share a person.
"""

from __future__ import annotations

import re

from draft.notes import without_name_asides
from draft.text import fold, words

_TITLES = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sir", "dame", "chef", "coach", "rev", "hon"})
_SUFFIXES = frozenset({"esq", "jr", "sr", "ii", "iii", "iv", "phd", "md", "dds", "rn", "cpa", "mba", "jd", "msc", "ba", "bsc"})
_AFTER_NAME = re.compile(r"(?<!\s)\s*(?:,|\s[-\u2013\u2014|/]\s|:).*$", re.DOTALL)


def same_text(a: str, b: str) -> bool:
    """Company or role: the same without regard to case, accents or spacing."""
    return " ".join(fold(a).split()) == " ".join(fold(b).split())


def person_key(name: str) -> tuple[str, ...]:
    """The words that name a person: 'Dr. Tom Becker (eng mgr)' and 'tom becker, Engineering Manager' -> ('tom', 'becker')."""
    bare = _AFTER_NAME.sub("", without_name_asides(name))
    return tuple(word for word in words(bare) if word.replace(".", "") not in _TITLES | _SUFFIXES)


def same_person(a: str, b: str) -> bool:
    """The same full name (a middle name aside), or a given name alone that is the other's given name."""
    first, second = person_key(a), person_key(b)
    if not first or not second:
        return False
    if first == second or (first[0] == second[0] and first[-1] == second[-1]):
        return True
    short, long = sorted((first, second), key=len)
    return len(short) == 1 and short[0] == long[0]


def share_a_person(names: list[str], others: list[str]) -> bool:
    return any(same_person(name, other) for name in names for other in others)


def key_of(company: str, role: str, interviewer: str) -> str:
    """The key a new application is stored under: company | role | the first interviewer's name words."""
    return "|".join((" ".join(fold(company).split()), " ".join(fold(role).split()), " ".join(person_key(interviewer)) or fold(interviewer)))
