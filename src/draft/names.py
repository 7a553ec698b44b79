"""People's and organisations' names as a letter writes them: 'ana lopez' -> 'Ana Lopez'.

Only names written all in lowercase (or all in capitals) are changed: a name someone took
care to write ('Siobhán Ní Bhriain', 'deBoer', 'eBay') is theirs to spell.
"""

from __future__ import annotations

from nameparser import HumanName


def _careless(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and (all(c.islower() for c in letters) or (all(c.isupper() for c in letters) and len(letters) > 4))


def person_name(name: str) -> str:
    """A person's name, capitalized by nameparser when it was written carelessly."""
    if not _careless(name):
        return name
    parsed = HumanName(name)
    parsed.capitalize(force=True)
    return str(parsed) or name


def title_case(text: str) -> str:
    """A company or a role written all in lowercase: each word capitalized ('brightpath health' -> 'Brightpath Health')."""
    if not _careless(text):
        return text
    small = {"of", "and", "the", "for", "at", "in", "on", "a", "an", "to", "de", "la", "y"}
    words = text.lower().split()
    return " ".join(w if i and w in small else w[:1].upper() + w[1:] for i, w in enumerate(words))


_HONORIFICS = {"dr": "Dr.", "doctor": "Dr.", "mr": "Mr.", "mrs": "Mrs.", "ms": "Ms.", "mx": "Mx.", "prof": "Professor", "professor": "Professor"}


def salutation_name(name: str) -> str:
    """How a greeting names someone: 'Dr. Leah Goldfarb' -> 'Dr. Goldfarb' (a title goes with the family
    name), 'Ana Lopez' -> 'Ana Lopez' (no title: the name as written)."""
    parsed = HumanName(name)
    title = _HONORIFICS.get(parsed.title.lower().rstrip(".")) if parsed.title else None
    if not title or not parsed.last:
        return name
    return f"{title} {parsed.last}"
