"""Split a notes body into lines: bullets, numbered items, and the sentences of paragraphs.

Markdown is parsed with markdown-it-py, so emphasis, links (their text is kept, the address
dropped), numbering and nesting never reach a line's text. Headings (Markdown, a bold line,
or a short 'Label:' line) set the section of the lines under them; 'Label: text' on one line
sets the section of that line only.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pysbd
from markdown_it import MarkdownIt

from draft.text import fold
from draft.understanding.lexicon import sections
from draft.understanding.models import NoteLine

_HTML_COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.DOTALL)
_LABEL = re.compile(r"^\s*(?P<label>[^\W\d_][^:\n]{0,80}?)\s*:\s*(?P<rest>.*)$")
_ASIDE = re.compile(r"\([^()]*\)")
_BOLD_LINE = re.compile(r"^\s*(\*\*|__)(?P<label>[^*_\n]{1,80})(\*\*|__)\s*:?\s*$")
_HEADING_FILLERS = {"what", "we", "i", "to", "stuff", "things", "about", "the", "my", "their", "they", "things", "some", "random", "misc", "key", "main", "of", "and", "so", "far", "with", "in", "during"}
_TERMINAL = re.compile(r"[.!?:;,)]\s*$")
# Bullets people type that Markdown does not know: a symbol (with or without a space after it),
# or a dash or star followed by a space. Linear: one optional indent, one bullet, one space run.
_SYMBOL_BULLETS = "\u2022\u2023\u25e6\u25aa\u25ab\u25cf\u25cb\u25a0\u25a1\u25ba\u25b6\u27a2\u27a4\u00b7"
_OTHER_BULLET = re.compile(rf"^([ \t]*)(?:[{_SYMBOL_BULLETS}][ \t]*|[\u2013\u2014*][ \t]+)(?=\S)", re.MULTILINE)
_DIGIT_STAR = re.compile(r"(?<=\d)\*(?=\d)")


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    # Notes are not code: an indented line is text, never an (ignored) indented code block.
    return MarkdownIt("commonmark").disable("code")


def normalize_bullets(body: str) -> str:
    """Every bullet a person may type ('•', '‣', '◦', '▪', '–', '*'...) as Markdown's '- ', indentation kept;
    a '*' between digits ('24*7') escaped, so Markdown never reads it as emphasis."""
    return _DIGIT_STAR.sub(r"\\*", _OTHER_BULLET.sub(r"\1- ", body))


@lru_cache(maxsize=1)
def _segmenter() -> pysbd.Segmenter:
    return pysbd.Segmenter(language="en", clean=False)


def section_of(heading: str) -> str | None:
    """The section a heading names, or None when it names none."""
    folded = fold(heading)
    for name, spec in sections().items():
        if any(cue in folded for cue in spec.cues):
            return name
    return None


def _inline_text(token) -> str:
    """The visible text of an inline token: emphasis markers, link addresses and HTML dropped."""
    pieces: list[str] = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            pieces.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            pieces.append("\n")
        elif child.type == "image":
            pieces.append(child.content)
    return "".join(pieces)


def _physical_lines(text: str) -> list[str]:
    """Lines of a paragraph as the person wrote them; a wrapped prose line joins the next one."""
    result: list[str] = []
    for raw in text.split("\n"):
        line = raw.strip()
        if not line:
            continue
        if result and len(result[-1]) > 60 and not _TERMINAL.search(result[-1]) and line[:1].islower():
            result[-1] += " " + line
        else:
            result.append(line)
    return result


# A sentence that goes on to report another topic ('..., really nice guy, ..., and we talked about their
# battery bundle') is two lines: a remark in the first part must not silence the topic in the second.
_REPORTED_CLAUSE = re.compile(r",\s+and\s+(?=(?:then\s+)?(?:we|he|she|they)\s+(?:also\s+)?(?:talked|discussed|went over|covered|chatted|spoke|got into)\b)", re.IGNORECASE)


# A spoken run-on (a voice memo's transcript, no stops) pauses where the speaker says 'um': each stretch between the
# pauses is a line of its own, so what was said before a pause is read apart from what follows it.
_PAUSE = re.compile(r"(?<![^\s,])(?:u++m++|u++h++|e++r++m++|h++m++)(?![\w'])[,.]?", re.IGNORECASE)  # possessive: linear on any input
RUN_ON_WORDS = 40


def _sentences(text: str) -> list[str]:
    if len(text) < 80 and text.count(". ") == 0:
        return [text]
    clauses = [clause.strip() for sentence in _segmenter().segment(text) for clause in _REPORTED_CLAUSE.split(sentence) if clause.strip()]
    return [part for clause in clauses for part in _at_pauses(clause)]


def _at_pauses(clause: str) -> list[str]:
    """A run-on of at least RUN_ON_WORDS words, split where the speaker pauses ('um', 'uh'); any other clause whole."""
    if len(clause.split()) < RUN_ON_WORDS:
        return [clause]
    parts: list[str] = []
    carried = ""
    for part in (part.strip(" ,") for part in _PAUSE.split(clause)):
        carried = f"{carried} {part}".strip()
        if len(carried.split()) >= 4:  # 'ok so' before a pause starts the next stretch, not a line of its own
            parts.append(carried)
            carried = ""
    if carried:
        parts[-1:] = [f"{parts[-1]} {carried}"] if parts else [carried]
    return parts or [clause]


def _label_words(label: str) -> int:
    """How many words a label has, an aside in brackets not counted: 'Dr. Yuna Seo (Cell Design Manager, would be my
    manager)' is a person's name as a heading, as 'Dr. Aaron Feldstein (VP R&D)' is."""
    return len(_ASIDE.sub(" ", label).split())


def _bare_heading(line: str) -> str | None:
    """'forgot to mention!!', 'What we discussed', 'stuff we talked about': a short line that names a
    section, written without Markdown or a colon; the section it names."""
    words = re.findall(r"[\w']+", fold(line))
    if not 1 <= len(words) <= 5 or line.rstrip().endswith(".") or any(w[:1].isdigit() for w in words):
        return None
    section = section_of(line)
    if section is None:
        return None
    cues = " ".join(sections()[section].cues)
    rest = [w for w in words if w not in _HEADING_FILLERS and not any(w in cue.split() or cue in w for cue in cues.split())]
    return None if rest else section


def split_lines(body: str) -> list[NoteLine]:
    """The notes body as typed lines, each with the section its heading gives."""
    body = normalize_bullets(_HTML_COMMENT.sub("", body.replace("\r\n", "\n").replace("\r", "\n")))
    tokens = _markdown().parse(body)
    lines: list[NoteLine] = []
    section, heading = "discussed", None
    in_heading = False
    for token in tokens:
        if token.type == "heading_open":
            in_heading = True
            continue
        if token.type == "heading_close":
            in_heading = False
            continue
        if token.type != "inline":
            continue
        line_number = (token.map[0] + 1) if token.map else 0
        text = _inline_text(token)
        if in_heading:
            heading = text.strip()
            section = section_of(heading) or "discussed"
            continue
        for offset, physical in enumerate(_physical_lines(text)):
            bold = _BOLD_LINE.match(token.content.split("\n")[offset]) if offset < len(token.content.split("\n")) else None
            label = _LABEL.match(physical)
            if bare := _bare_heading(physical):
                heading, section = physical.strip(), bare
                continue
            if bold or (label and not label.group("rest") and _label_words(label.group("label")) <= 6):
                heading = (bold.group("label") if bold else label.group("label")).strip()
                section = section_of(heading) or "discussed"
                continue
            line_section = section
            if label and label.group("rest") and len(label.group("label").split()) <= 4:
                named = section_of(label.group("label"))
                if named is not None:
                    line_section, physical = named, label.group("rest")
            for sentence in _sentences(physical):
                lines.append(NoteLine(text=sentence, section=line_section, heading=heading, line=line_number + offset))
    return lines
