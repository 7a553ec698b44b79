"""How a message closes: the sign-off for each tone. The frame writes it, never the notes, so a private line that
says 'sincerely gutted' does not make the frame's own 'Sincerely,' a leak (rule P1's frame words)."""

from __future__ import annotations

SIGN_OFF = {"formal": "Sincerely", "neutral": "Best regards", "warm": "Warm regards"}

CLOSING_WORDS: frozenset[str] = frozenset(word for sign_off in SIGN_OFF.values() for word in sign_off.split())
