"""People's and organisations' names as a letter writes them: 'ana lopez' -> 'Ana Lopez'.

Only names written all in lowercase (or all in capitals) are changed: a name someone took
care to write ('Siobhán Ní Bhriain', 'deBoer', 'eBay') is theirs to spell.
"""

from __future__ import annotations

import re

from nameparser import HumanName
from nameparser.config import CONSTANTS


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


def written_in_full(name: str) -> str:
    """A name as a greeting writes it in full: without post-nominals, and a title the notes wrote in lower case written as
    titles are ('chef Marco Bellini' -> 'Chef Marco Bellini', 'dr. Lee Park' -> 'Dr. Lee Park')."""
    name = without_postnominals(name)
    first, _, rest = name.partition(" ")
    title = _HONORIFICS.get(first.rstrip(".").lower())
    return f"{title} {rest}" if title and rest and first[:1].islower() else name


def title_case(text: str) -> str:
    """A company or a role written all in lowercase: each word capitalized ('brightpath health' -> 'Brightpath Health')."""
    if not _careless(text):
        return text
    small = {"of", "and", "the", "for", "at", "in", "on", "a", "an", "to", "de", "la", "y"}
    words = text.lower().split()
    return " ".join(w if i and w in small else w[:1].upper() + w[1:] for i, w in enumerate(words))


_PARENTHESES = re.compile(r"(?<!\s)\s*\([^()]*\)")
_DASHED_ASIDE = re.compile(r"(?<=\s)[\u2013\u2014-]+(?=\s)|[\u2013\u2014]")
_COMPANY_ASIDE = re.compile(r"(?<=\s)[/\u2013\u2014-]+(?=\s)|[\u2013\u2014]")


def role_in_prose(role: str) -> str:
    """A job title as running text says it: without the posting's parenthesized asides and without what follows a
    spaced dash ('Mechanical (HVAC) Design Engineer', 'Senior Hydrologist - flood risk' -> 'Mechanical Design
    Engineer', 'Senior Hydrologist'); what follows a comma or a slash is part of the title ('Data Analyst,
    Merchandising', 'Hydrologist / Hydraulic Modeler'). So the corpus's reference writers name roles: of the train
    and dev files whose reference names the part before such a mark, after a dash 62 say no more and 22 say the
    whole, after a comma 27 and 70, after a slash 7 and 26 (``training/corpus``). An unspaced hyphen is part of the
    title ('Mid-level Associate'). The title as written when nothing is left."""
    plain = _PARENTHESES.sub("", role).strip() or role
    found = _DASHED_ASIDE.search(plain)
    head = plain[: found.start()].strip() if found else plain
    return head or plain


def company_in_prose(company: str) -> str:
    """An organisation as running text names it: the name before a parenthesized aside or a spaced dash or slash, or
    before a comma that follows two words or more ('Summit Parcel Network, Ridgeview hub', 'RenalCare Partners -
    Westfield Dialysis Unit' -> 'Summit Parcel Network', 'RenalCare Partners'); a comma after one word is a firm's
    list of names and stays ('Holloway, Strand & Ocampo LLP'). Of the train and dev files whose reference names the
    part before such a mark, after a parenthesis 26 say no more and none the whole, after a dash 11 and none, after a
    comma 12 and 2 (the two firms)."""
    plain = _PARENTHESES.sub("", company).strip() or company
    found = _COMPANY_ASIDE.search(plain)
    head = plain[: found.start()].strip() if found else plain
    before_comma, comma, _ = head.partition(",")
    if comma and len(before_comma.split()) >= 2:
        head = before_comma.strip()
    return head or company


_HONORIFICS = {"dr": "Dr.", "doctor": "Dr.", "mr": "Mr.", "mrs": "Mrs.", "ms": "Ms.", "mx": "Mx.", "prof": "Professor", "professor": "Professor",
               "chef": "Chef"}
SALUTATION = "Dear"
GREETING_WORDS: frozenset[str] = frozenset({SALUTATION, *_HONORIFICS.values()})
"""What a greeting writes besides the names: the salutation and the titles ('Dear Mr. Salo')."""


def _titled_part(words: list[str], notes_text: str) -> tuple[str, str] | None:
    """(honorific, part): the longest run of the name's ``words`` the notes write after a title ('Prof. Zhang',
    'Ms. Chen', 'Mr. de la Cruz': a family name with its particles, never the first particle alone)."""
    for length in range(len(words), 0, -1):
        for start in range(len(words) - length + 1):
            part = words[start : start + length]
            run = r"\s+".join(re.escape(word) for word in part)
            if found := re.search(rf"\b(dr|prof|professor|mr|mrs|ms|mx)\.?\s+{run}\b", notes_text, re.IGNORECASE):
                return _HONORIFICS[found.group(1).lower()], " ".join(part)
    return None


_SHE = frozenset({"she", "her", "hers", "herself", "she's", "she'd", "she'll"})
_HE = frozenset({"he", "him", "his", "himself", "he's", "he'd", "he'll"})


def addressed_as_the_notes_say(name: str, notes_text: str) -> str | None:
    """'Ms. Moretti' for 'Bianca Moretti' when the notes speak of her only as 'she' ('Mr. Dahl' for 'he'): the
    letter's classic form, from the job seeker's own words. A two-word name, given name first as written; of three
    words the family name with its particles ('Fatima Zahra Benali' -> 'Ms. Benali', 'Siobhán Ní Bhriain' -> 'Ms. Ní
    Bhriain'; 'Nguyễn Thị Lan' -> 'Ms. Lan', the name a Vietnamese name is addressed by); a four-word one is two given names and two family names ('María José Fernández Ruiz' ->
    'Ms. Fernández Ruiz'), as Spanish and Portuguese names are. None when the notes use both, neither, or 'they'."""
    name = without_postnominals(name)  # 'Maria Lopez, CEO' is greeted as Maria Lopez
    words = name.split()
    if len(words) not in (2, 3, 4) or not all(re.fullmatch(r"[^\W\d_][\w'\u2019-]*", word) for word in words):
        return None
    parsed_family = HumanName(name).last  # with its particles: 'Siobhán Ní Bhriain' -> 'Ní Bhriain'
    family = " ".join(words[2:]) if len(words) == 4 and " " not in parsed_family else (parsed_family or words[-1])
    tokens = re.findall(r"[a-z'\u2019]+", notes_text.lower())
    tokens = [token.replace("\u2019", "'") for token in tokens]
    she, he = sum(token in _SHE for token in tokens), sum(token in _HE for token in tokens)
    if she and not he:
        return f"Ms. {family}"
    if he and not she:
        return f"Mr. {family}"
    return None


def called_by_name(name: str, notes_text: str, elsewhere: tuple[str, ...] = ()) -> str | None:
    """The one of a person's names the notes call them by alone, beyond the line that names them in full and the
    names in ``elsewhere`` (company, role): 'Sam' for 'Sam Okafor' ('Sam was super relaxed'); the last of three or more
    names too ('Lan' for 'Nguyễn Thị Lan'), or the first two ('José María' for 'José María Echeverría'), never the last of two (a family name); never a title ('Chef Antoine')."""
    name = without_postnominals(name)  # 'Maria Lopez, CEO' is greeted as Maria Lopez
    parsed = HumanName(name)
    all_words = name.split()
    if len(all_words) < 2 or parsed.title:
        return None
    words = ([" ".join(all_words[:2])] if len(all_words) > 2 else []) + [all_words[0]] + ([all_words[-1]] if len(all_words) > 2 else [])
    text = re.sub(re.escape(name), " ", notes_text, flags=re.IGNORECASE)
    for other in elsewhere:
        text = text.replace(other, " ")
    text = re.sub(r"(?<!\S)[^\s@]*@\S*", " ", text)  # an email address is not how the notes call someone
    for word in words:
        others = [re.escape(w) for w in all_words if w not in word.split()]
        after = rf"(?!\s+(?:{'|'.join(others)})\b)" if others else ""
        if re.search(rf"(?<![\w-]){re.escape(word)}(?![\w@-]){after}", text, re.IGNORECASE):
            return word
    return None


_NAME_SUFFIXES = frozenset({"esq", "jr", "sr", "ii", "iii", "iv", "phd", "ph.d", "md", "m.d", "dds", "rn", "cpa", "mba", "jd", "j.d"})


_JOB_TITLE_HEADS = frozenset({
    "manager", "mgr", "director", "dir", "lead", "supervisor", "supv", "recruiter", "head", "hr", "vp", "ceo", "cfo",
    "coo", "cto", "owner", "founder", "partner", "coordinator", "coord", "specialist", "engineer", "officer", "chief",
    "president", "principal", "administrator", "admin", "assistant", "asst", "associate", "analyst", "rep",
    "representative", "generalist", "superintendent", "foreman", "educator", "consultant", "editor", "producer",
    "designer", "technician", "tech", "teacher", "talent", "team", "gm", "dm", "ops",
})
"""The last word of a job title ('Sales Mgr', 'Hiring Manager', 'HR'), or a job title's abbreviation before a
name ('Mgr. Luis Ortega'): what people add to a name in the interviewer field that is not the name."""


def is_job_title(part: str) -> bool:
    """A job title written where a name goes, after a comma or a dash ('Luis Ortega, Sales Mgr'): a few words,
    the last one a job title's head. Checked only on what follows a name: 'Martin King' is a name."""
    words = re.findall(r"[^\W\d_][\w'\u2019.-]*", part)
    return 0 < len(words) <= 4 and words[-1].rstrip(".").lower() in _JOB_TITLE_HEADS


def without_job_title_abbreviation(name: str) -> str:
    """'Mgr. Luis Ortega' -> 'Luis Ortega': an abbreviated job title before a name is not how anyone is greeted
    (an honorific stays: 'Dr. Ana Lee', 'Capt. Ruiz')."""
    words = name.split()
    if len(words) > 1 and words[0].endswith(".") and words[0].rstrip(".").lower() in _JOB_TITLE_HEADS:
        return " ".join(words[1:])
    return name


_KNOWN_SUFFIXES = frozenset(CONSTANTS.suffix_acronyms | CONSTANTS.suffix_not_acronyms)
"""nameparser's suffixes and credentials (over 800: 'PharmD', 'DPhil', 'MSc', 'OTR/L', 'BCPS'...)."""


def is_postnominal(part: str) -> bool:
    """Letters after a name, not a name: a suffix ('Jr.', 'PhD', 'Esq.'), a credential in capitals ('PE', 'PTOE',
    'CFA', 'SHRM-CP') or in dotted letters ('M.Ed.', 'P.E.'), or one nameparser knows, written as letters are: two capitals or a full stop ('PharmD',
    'MSc', 'M.S.'; never 'Ed', a given name that is also a degree's letters)."""
    part = part.strip()
    key = part.rstrip(".").lower()
    if key in _NAME_SUFFIXES or re.fullmatch(r"[A-Z][A-Z0-9]{1,5}(?:-[A-Z]{2,4})?|(?:[A-Z][a-z]{0,2}\.){2,}", part):
        return True
    return (sum(c.isupper() for c in part) >= 2 or part.endswith(".")) and key.replace(".", "") in _KNOWN_SUFFIXES  # 'M.S.'


def without_postnominals(name: str) -> str:
    """'Robert Chen, Esq.' -> 'Robert Chen', 'Priyanka Deshmukh, PE, PTOE' -> 'Priyanka Deshmukh': letters after a
    name belong on an envelope, never in a greeting."""
    parts = [part.strip() for part in name.split(",")]
    while len(parts) > 1 and is_postnominal(parts[-1]):
        parts.pop()
    words = parts[-1].split()
    if len(words) > 2 and words[-1].rstrip(".").lower() in _NAME_SUFFIXES:
        parts[-1] = " ".join(words[:-1])  # 'Ana Ruiz PhD': without a comma, only the suffixes known as such
    return ", ".join(parts).strip()


def salutation_name(name: str, notes_text: str = "", familiar: bool = False) -> str:
    """How a greeting names someone: 'Dr. Leah Goldfarb' -> 'Dr. Goldfarb' (a title goes with the family
    name: the one the notes use after the title when they do, 'Prof. Zhang'); without a title, the
    name as written, or the first name when ``familiar`` (a LinkedIn message, a call)."""
    name = without_postnominals(name)  # 'Maria Lopez, CEO' is greeted as Maria Lopez
    parsed = HumanName(name)
    title = (_HONORIFICS.get(parsed.title.lower().rstrip(".")) or parsed.title) if parsed.title else None  # 'Deputy Director Whitaker'
    if not title and not familiar and (named := _titled_part([w for w in re.findall(r"[^\W\d_][\w'\u2019-]*", name) if len(w) > 1], notes_text)):
        return " ".join(named)  # the header says 'Chen Xiaoling', the notes 'Ms. Chen': the notes say how she is addressed
    if not title or not parsed.last:
        return (parsed.first or name) if familiar else name
    parts = [p for p in (parsed.first, parsed.middle, parsed.last) if p]
    notes_text = re.sub(re.escape(name), "", notes_text, flags=re.IGNORECASE)  # the header's full name says nothing
    if found := _titled_part(parts, notes_text):
        return f"{title} {found[1]}"
    words = [w for w in name.replace(",", " ").split() if w.rstrip(".").lower() not in _HONORIFICS]
    family = parsed.last.split()  # 'van der Berg' is one family name of three words
    if len(words) < 2 or not family or family[0] not in words or parsed.last.lower() in _HONORIFICS:
        return name  # nothing to shorten safely ('Professor van Professor')
    index = words.index(family[0])
    while index > 0 and words[index - 1][:1].islower():
        index -= 1  # 'van Aa', 'de la Cruz': the particles stay with the family name
    return f"{title} {' '.join(words[index:])}"
