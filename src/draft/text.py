"""Pure text helpers shared by the notes parser, the guardrails and the composer.

Everything here works on offsets into the original string so that a rule can point at
the exact line and column of what it found.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from draft.errors import DraftError

_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"})

STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from further
    had has have having he her here hers herself him himself his how i if in into is it its itself
    just me more most my myself no nor not now of off on once only or other our ours ourselves out over
    own same she should so some such than that the their theirs them themselves then there these they
    this those through to too under until up very was we were what when where which while who whom why
    will with would you your yours yourself yourselves us via per within without really well much
    many lot lots thing things like get got make made one two use used using new want wanted said say
    asked ask talked talk discussed discussion conversation mentioned mention team role company
    interview interviewer position job work working"""
    .split()
)


@lru_cache(maxsize=2048)
def fold(text: str) -> str:
    """Case-fold, straighten quotes and strip diacritics: 'José’s' -> "jose's"."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_QUOTES))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def fold_preserving_length(text: str) -> str:
    """Like :func:`fold`, but one output character per input character, so offsets survive."""
    text = text.translate(_QUOTES)
    if text.isascii():
        return text.lower()
    return "".join(_fold_char(ch) for ch in text)


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    folded = fold(ch)
    return folded[:1] or " "


def words(text: str) -> list[str]:
    return re.findall(r"[^\W_]+(?:[-'][^\W_]+)*", fold(text))


def stem(word: str) -> str:
    """A crude, deterministic stem: enough to match 'migrating' with 'migration'."""
    return word[:5] if len(word) > 5 else word


def keywords(text: str) -> list[str]:
    """Content words of a notes item, in order, without duplicates."""
    seen: dict[str, None] = {}
    for word in words(text):
        if len(word) >= 2 and word not in STOPWORDS:
            seen.setdefault(word, None)
    return list(seen)


def contains_phrase(haystack_folded: str, needle: str) -> bool:
    """Whole-word containment of ``needle`` in an already folded haystack."""
    needle_folded = fold(needle).strip()
    if not needle_folded:
        return False
    return re.search(rf"(?<![\w]){re.escape(needle_folded)}(?![\w])", haystack_folded) is not None


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of ``offset`` in ``text``."""
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, col


@dataclass(frozen=True)
class Segment:
    """A slice of a larger text, remembered by its offsets."""

    start: int
    end: int
    text: str


_ABBREVIATIONS = ("mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "vs", "etc", "e.g", "i.e", "inc", "ltd", "co", "no")
# Linear: a run of end marks is only tried from its first character (the lookbehind), and
# possessive repeats never give back, so '!!!!...' is one O(n) scan, not O(n^2).
_SENTENCE_END = re.compile(r"(?<![.!?])[.!?]++[\"')\]]*+(?=\s|$)|\n\s*\n|\n")


def _sentence_ends(text: str):
    """Offsets where sentences end (also at line breaks); a full stop after 'Mr', 'Dr'... is not one."""
    for match in _SENTENCE_END.finditer(text):
        before = text[: match.start()].rsplit(None, 1)
        last_word = before[-1].lower().rstrip(".") if before else ""
        if match.group().startswith(".") and last_word in _ABBREVIATIONS:
            continue
        yield match.end()


def first_sentence_end(text: str) -> int | None:
    """Where the first sentence of ``text`` ends, or None while it is unfinished."""
    return next(_sentence_ends(text), None)


def sentences(text: str, base: int = 0) -> list[Segment]:
    """Split ``text`` into sentences (also at line breaks), skipping honorific abbreviations."""
    result: list[Segment] = []
    start = 0
    for end in _sentence_ends(text):
        _append_segment(result, text, start, end, base)
        start = end
    _append_segment(result, text, start, len(text), base)
    return result


def _append_segment(result: list[Segment], text: str, start: int, end: int, base: int) -> None:
    chunk = text[start:end]
    stripped = chunk.strip()
    if stripped:
        lead = len(chunk) - len(chunk.lstrip())
        result.append(Segment(base + start + lead, base + start + lead + len(stripped), stripped))


# 'Subject: ...', and the tool's own Markdown '**Subject:** ...' (or '__Subject:__', '## Subject: ...').
_SUBJECT = re.compile(r"^[ \t]*(?:#{1,6}[ \t]*)?(?:\*\*|__)?subject(?: line)?[ \t]*:[ \t]*(?:\*\*|__)?[ \t]*(?P<subject>[^\n]*)$", re.IGNORECASE)
_GREETING = re.compile(r"^\s*(dear|hello|hi|hey|greetings|good (?:morning|afternoon|evening))\b(?:[^\n]{0,120}|[^\n]{0,400}[,:])\s*$", re.IGNORECASE)
_SIGN_OFF = re.compile(
    r"^\s*(best(?: regards| wishes)?|kind regards|warm(?:est)? regards|regards|sincerely(?: yours)?|yours(?: sincerely| truly)?|"
    r"respectfully(?: yours)?|all the best|with (?:gratitude|appreciation|thanks)|many thanks|thanks(?: again)?|thank you(?: again)?|cheers|cordially)\s*[,.!]?\s*$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class EmailLayout:
    """The parts of a message: subject line, greeting, body paragraphs, closing (sign-off + name)."""

    text: str
    subject: Segment | None
    greeting: Segment | None
    paragraphs: list[Segment]
    closing: Segment | None

    @property
    def body_text(self) -> str:
        return "\n\n".join(p.text for p in self.paragraphs)


def _blocks(text: str, start: int, end: int) -> list[Segment]:
    """Paragraph blocks between ``start`` and ``end``.

    Blank lines separate paragraphs when the text has any; a text written without blank
    lines (as many pasted letters are) has one paragraph per line.
    """
    region = text[start:end]
    separator = r"\n[ \t]*\n" if re.search(r"\n[ \t]*\n", region.strip()) else r"\n"
    blocks: list[Segment] = []
    position = 0
    for piece in re.split(f"({separator})", region):
        if piece and not re.fullmatch(separator, piece):
            _append_segment(blocks, region, position, position + len(piece), start)
        position += len(piece)
    return blocks


def parse_email(text: str) -> EmailLayout:
    """Find subject, greeting, body paragraphs and closing of a message, by offsets."""
    lines: list[Segment] = []
    offset = 0
    for raw in text.split("\n"):
        lines.append(Segment(offset, offset + len(raw), raw))
        offset += len(raw) + 1
    content = [line for line in lines if line.text.strip()]
    subject = greeting = closing = None
    body_start, body_end = 0, len(text)
    if content and (match := _SUBJECT.match(content[0].text)):
        line = content.pop(0)
        subject = Segment(line.start + match.start("subject"), line.end, match.group("subject").strip())
        body_start = line.end
    if content and _GREETING.match(content[0].text):
        line = content.pop(0)
        greeting = Segment(line.start, line.end, line.text.strip())
        body_start = line.end
    after: list[Segment] = []
    for index in range(len(content) - 1, -1, -1):
        if _SIGN_OFF.match(content[index].text):
            # the closing is the sign-off and the short name lines under it; anything after
            # them (a P.S., more paragraphs) is still message body that the body rules check
            names = list(itertools.takewhile(_is_name_line, content[index + 1 : index + 1 + _MAX_NAME_LINES]))
            last = names[-1] if names else content[index]
            closing = Segment(content[index].start, last.end, text[content[index].start : last.end].strip())
            body_end = content[index].start
            after = _blocks(text, last.end, len(text))
            break
    return EmailLayout(text, subject, greeting, _blocks(text, body_start, body_end) + after, closing)


_MAX_NAME_LINES = 3


def split_signature(text: str, signature: str | None) -> tuple[str, str]:
    """The message and the signature block that ends it: ``(text, "")`` when it does not end with ``signature``.

    The block is the user's own (settings: profile.signature), not message text: rules that count
    paragraphs or judge the wording check only the message before it. Lines compare stripped, so a
    block rendered with Markdown line breaks (two trailing spaces) is the same block.
    """
    wanted = [line.strip() for line in (signature or "").splitlines() if line.strip()]
    lines = text.rstrip().split("\n")
    index = len(lines)
    for expected in reversed(wanted):
        index -= 1
        while index > 0 and not lines[index].strip():  # a blank line inside the block
            index -= 1
        if index <= 0 or lines[index].strip().removesuffix("\\").strip() != expected:
            return text, ""
    if not wanted:
        return text, ""
    cut = len("\n".join(lines[:index]))
    return text[:cut], text[cut:]


def _is_name_line(line: Segment) -> bool:
    """A line under a sign-off that signs (a name, a title, a phone number), not a sentence or a P.S."""
    stripped = line.text.strip()
    count = len(stripped.split())
    if count > 8 or stripped.lower().startswith(("p.s", "ps:", "ps ", "p. s")) or stripped.endswith(("!", "?", ":")):
        return False
    return not (stripped.endswith(".") and count > 3)


_MARKDOWN_SUBJECT = re.compile(r"[ \t\n]{0,20}(?:\*\*|__)subject[ \t]*:[ \t]*(?:\*\*|__)(?P<subject>[^\n]*)", re.IGNORECASE)
_EML_HEADERS = frozenset({"subject", "to", "from", "date", "mime-version", "content-type", "x-unsent", "cc", "message-id"})


MAX_MIME_PARTS = 50


def plain_message(text: str) -> str:
    """The message a reader sees: an RFC 5322 file (the tool's ``--format eml``) becomes
    'Subject: ...' and its decoded plain-text body; anything else is returned unchanged."""
    text = text.replace("\r\n", "\n")
    if markdown := _MARKDOWN_SUBJECT.match(text):  # the tool's --format markdown
        return f"Subject: {markdown.group('subject').strip()}" + text[markdown.end() :]
    head, separator, _ = text.partition("\n\n")
    names = {line.split(":", 1)[0].strip().lower() for line in head.split("\n")[:50] if ":" in line and not line[:1].isspace()}
    if not separator or len(names & _EML_HEADERS) < 2 or not re.match(r"[A-Za-z][A-Za-z0-9-]{0,60}:", text):
        return text
    import email
    from email import policy

    nested = len(re.findall(r"(?im)^content-type:[ \t]*multipart/", text))
    if nested > MAX_MIME_PARTS:  # a follow-up is one part or two; thousands nested would exhaust the parser's recursion
        raise DraftError(f"is a message of {nested} nested MIME parts; at most {MAX_MIME_PARTS} are read: give its plain text")
    try:
        message = email.message_from_bytes(text.encode("utf-8", "surrogateescape"), policy=policy.default)
        part = message.get_body(("plain",)) if message.is_multipart() else message
        body = part.get_content() if part is not None else ""
    except RecursionError:
        raise DraftError("is a message whose MIME parts nest too deeply to read; give its plain text") from None
    except (LookupError, ValueError, AttributeError):
        return text
    subject = " ".join(str(message.get("Subject", "")).split())
    return (f"Subject: {subject}\n\n" if subject else "") + str(body).strip() + "\n"
