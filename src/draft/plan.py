"""When to follow up: the schedule the timing rules give (RULES.md T1, T3, T4, T5, T7).

Pure functions of the notes (interview date, stated timeline, channel, the log of what
was sent and received) and today's date.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal

from pydantic import BaseModel, Field

from draft.errors import DraftError
from draft.notes import Notes

Status = Literal["sent", "due", "upcoming", "missed", "stop"]
STATUS_CHECK_KINDS = ("status-check", "second-check", "phone")
THANK_YOU_KINDS = ("thank-you", "handwritten", "linkedin")
AFTER_REJECTION_KINDS = ("feedback-request", "keep-in-touch")
_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
            "nine": 9, "ten": 10, "couple": 2, "couple of": 2, "a couple of": 2, "few": 3, "a few": 3, "several": 3}
_MONTHS = {m.lower(): i for i, m in enumerate(["January", "February", "March", "April", "May", "June", "July", "August",
                                                "September", "October", "November", "December"], start=1)}
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


class PlanStep(BaseModel):
    kind: str
    date: dt.date
    status: Status
    rules: list[str]
    reason: str
    channel: str = "email"


class Plan(BaseModel):
    interview_date: dt.date
    today: dt.date
    timeline: str | None = None
    timeline_date: dt.date | None = None
    steps: list[PlanStep] = Field(default_factory=list)

    def step_for(self, kind: str) -> PlanStep | None:
        return next((s for s in self.steps if s.kind == kind), None)

    @property
    def due(self) -> PlanStep | None:
        """What to send today, if anything."""
        return next((s for s in self.steps if s.status == "due"), None)


def parse_timeline(text: str | None, interview: dt.date) -> dt.date | None:
    """The date by which the interviewer said they would decide, if the words give one."""
    if not text:
        return None
    lowered = text.lower()
    if match := re.search(r"\b(\d{4})-(\d{2})-(\d{2})\b", lowered):
        return dt.date(*map(int, match.groups()))
    month_names = "|".join(m[:3] + r"[a-z]*" for m in _MONTHS)
    for pattern, order in ((rf"\b({month_names})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b", "md"), (rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({month_names})\b", "dm")):
        if match := re.search(pattern, lowered):
            month_word, day = (match.group(1), match.group(2)) if order == "md" else (match.group(2), match.group(1))
            month = next(i for name, i in _MONTHS.items() if name.startswith(month_word[:3]))
            try:
                candidate = dt.date(interview.year, month, int(day))
            except ValueError:
                return None
            # "by January 5" said in November means next year; "by November 19" said on the 20th has passed.
            return candidate if candidate >= interview - dt.timedelta(days=180) else candidate.replace(year=interview.year + 1)
    number = r"(\d+|a couple of|couple of|a few|few|several|an?|one|two|three|four|five|six|seven|eight|nine|ten)"
    if match := re.search(rf"\b{number}\s+(business\s+|working\s+)?(day|week|month)s?\b", lowered):
        count = int(match.group(1)) if match.group(1).isdigit() else _NUMBERS[match.group(1)]
        unit = {"day": 1, "week": 7, "month": 30}[match.group(3)]
        if match.group(2):
            return add_business_days(interview, count) if unit == 1 else interview + dt.timedelta(days=count * unit)
        return interview + dt.timedelta(days=count * unit)
    if re.search(r"\bnext week\b", lowered):
        return interview + dt.timedelta(days=7 + (4 - interview.weekday()) % 7)
    if re.search(r"\b(end of (the|this) week|this week)\b", lowered):
        return interview + dt.timedelta(days=(4 - interview.weekday()) % 7)
    for index, name in enumerate(_WEEKDAYS):
        if re.search(rf"\b{name}\b", lowered):
            return interview + dt.timedelta(days=(index - interview.weekday() - 1) % 7 + 1)
    return None


def add_business_days(day: dt.date, count: int) -> dt.date:
    while count > 0:
        day += dt.timedelta(days=1)
        count -= int(day.weekday() < 5)
    return day


def business_day_on_or_after(day: dt.date, taken: set[dt.date]) -> dt.date:
    """The first weekday on or after ``day`` with no other message (T7: never two in one day)."""
    while day.weekday() >= 5 or day in taken:
        day += dt.timedelta(days=1)
    return day


def _status(day: dt.date, today: dt.date) -> Status:
    return "due" if day <= today else "upcoming"


def build_plan(notes: Notes, today: dt.date) -> Plan:
    """The schedule of follow-ups for these notes, as of ``today``."""
    if notes.interview_date is None:
        raise DraftError("the plan needs the interview date: add 'interview_date: YYYY-MM-DD' to the notes")
    interview = notes.interview_date
    timeline_date = parse_timeline(notes.timeline, interview)
    plan = Plan(interview_date=interview, today=today, timeline=notes.timeline, timeline_date=timeline_date)
    sent = sorted(notes.sent, key=lambda s: s.date)
    taken = {s.date for s in sent}
    for message in sent:
        plan.steps.append(PlanStep(kind=message.kind, date=message.date, status="sent", rules=[], reason="sent (from the notes' log)"))
    sent_kinds = [s.kind for s in sent]
    phone = bool(notes.channel and re.search(r"phone|call", notes.channel, re.IGNORECASE))
    check_channel = "phone" if phone else "email"

    if not any(k in THANK_YOU_KINDS for k in sent_kinds):
        deadline = interview + dt.timedelta(days=1)
        if today <= interview + dt.timedelta(days=2):
            day = max(today, interview)
            late = "" if day <= deadline else " (late: 48 hours is the latest)"
            plan.steps.append(PlanStep(kind="thank-you", date=day, status=_status(day, today), rules=["T1"], reason=f"send the thank-you within 24 hours of the interview{late}"))
            taken.add(day)
        else:
            plan.steps.append(PlanStep(kind="thank-you", date=deadline, status="missed", rules=["T1"], reason="the 48-hour window for a thank-you has passed; go on with the status check"))

    if notes.rejected:
        when = max(today, notes.reply or today)
        for kind, reason in (("feedback-request", "after a rejection, thank them and ask what you could improve"), ("keep-in-touch", "thank them and say you remain interested in the company")):
            if kind not in sent_kinds:
                day = business_day_on_or_after(when, taken)
                taken.add(day)
                plan.steps.append(PlanStep(kind=kind, date=day, status=_status(day, today), rules=["F7", "T7"], reason=reason))
        plan.steps.append(PlanStep(kind="stop", date=when, status="stop", rules=["T5"], reason="rejected: no status checks; move on"))
        return _sorted(plan)
    if notes.reply:
        plan.steps.append(PlanStep(kind="stop", date=notes.reply, status="stop", rules=["T5"], reason=f"they replied on {notes.reply.isoformat()}: follow their lead, no more status checks"))
        return _sorted(plan)

    checks_sent = [s for s in sent if s.kind in STATUS_CHECK_KINDS]
    if timeline_date:
        first_base, first_rules = timeline_date + dt.timedelta(days=1), ["T3"]
        first_reason = f"their timeline ({notes.timeline!r}) has passed"
    else:
        first_base, first_rules = interview + dt.timedelta(days=7), ["T4"]
        first_reason = "no timeline was given: check after one week"
    if checks_sent:
        first_date = checks_sent[0].date
    else:
        first_date = business_day_on_or_after(max(first_base, today), taken)
        taken.add(first_date)
        plan.steps.append(PlanStep(kind="status-check", date=first_date, status=_status(first_date, today), rules=first_rules + ["T6", "T7"], reason=first_reason, channel=check_channel))
    if len(checks_sent) >= 2:
        last = checks_sent[1].date
        plan.steps.append(PlanStep(kind="stop", date=max(last + dt.timedelta(days=7), today), status="stop", rules=["T5"], reason="two status checks without a reply: stop and move on"))
        return _sorted(plan)
    second_base = first_date + dt.timedelta(days=7)
    second_date = business_day_on_or_after(max(second_base, today), taken)
    taken.add(second_date)
    plan.steps.append(PlanStep(kind="second-check", date=second_date, status=_status(second_date, today), rules=["T4", "T5", "T7"], reason="one week after the first status check; the last one", channel=check_channel))
    stop_date = second_date + dt.timedelta(days=7)
    plan.steps.append(PlanStep(kind="stop", date=stop_date, status="stop", rules=["T5"], reason="no reply after two status checks: stop and move on"))
    return _sorted(plan)


def _sorted(plan: Plan) -> Plan:
    plan.steps.sort(key=lambda s: (s.date, s.status != "sent"))
    return plan


def timing_advice(plan: Plan, kind: str) -> str | None:
    """A warning that does not stop the draft: a thank-you past its 48-hour window (T1)."""
    closed = plan.interview_date + dt.timedelta(days=2)
    if kind in THANK_YOU_KINDS and plan.today > closed:
        return f"T1: a thank-you is best sent within 24 hours (48 at the latest, {closed.isoformat()}); send it now, late is better than never"
    return None


def timing_refusal(plan: Plan, kind: str, notes: Notes) -> str | None:
    """Why ``kind`` should not be sent today (with the rule and the date it becomes fine), or None."""
    today = plan.today
    sent_kinds = [s.kind for s in notes.sent]
    if any(s.date == today for s in notes.sent):
        return f"T7: a message was already sent today ({today.isoformat()}); send the next one on another day"
    if notes.rejected:
        if kind not in AFTER_REJECTION_KINDS:
            return "after a rejection only a feedback-request or a keep-in-touch message fits (RULES.md, kinds of message)"
        return None
    if kind in AFTER_REJECTION_KINDS:
        return f"a {kind} follows a rejection; the notes record none (add 'rejected: true')"
    if notes.reply:
        return f"T5: they replied on {notes.reply.isoformat()}; answer their message instead of following up"
    if kind in THANK_YOU_KINDS:
        if any(k in THANK_YOU_KINDS for k in sent_kinds):
            return "T5: a thank-you was already sent; at most one"
        return None  # a late thank-you is advice (timing_advice), not a refusal
    checks_sent = sum(k in STATUS_CHECK_KINDS for k in sent_kinds)
    if checks_sent >= 2:
        return "T5: two status checks were already sent without a reply; stop and move on"
    wanted = plan.step_for("status-check" if checks_sent == 0 else "second-check")
    if kind == "second-check" and checks_sent == 0:
        return "T4: send the first status check before the second"
    if wanted and wanted.date > today:
        rule = wanted.rules[0]
        why = f"their timeline ({plan.timeline!r}) has not passed" if rule == "T3" else "it is too soon after the interview or the last check"
        return f"{rule}: {why}; a {wanted.kind} is appropriate from {wanted.date.isoformat()}"
    return None


class TimingDecision(BaseModel):
    """What the timing rules say about drafting ``kind`` today: the kind to draft and lines to tell the user."""

    kind: str
    notices: list[str] = Field(default_factory=list)


def timing_decision(notes: Notes, kind: str, today: dt.date, force: bool = False) -> TimingDecision:
    """Refuse the wrong message at the wrong time (TimingError, exit 3) unless ``force``; resolve ``kind='next'``.

    The one place ``draft``, ``draft plan`` and ``--kind next`` get their timing answer from.
    """
    from draft.errors import TimingError

    if notes.interview_date is None:
        if kind == "next":
            raise DraftError("--kind next needs the interview date: add 'interview_date: YYYY-MM-DD' to the notes")
        return TimingDecision(kind=kind)
    plan = build_plan(notes, today)
    if kind == "next":
        step = plan.due
        if step is None:
            upcoming = next((s for s in plan.steps if s.status in ("upcoming", "stop")), None)
            later = f"; next: {upcoming.kind} on {upcoming.date.isoformat()} ({upcoming.reason})" if upcoming else ""
            raise TimingError(f"nothing is due today ({today.isoformat()}){later}")
        resolved = "phone" if step.channel == "phone" else step.kind
        return TimingDecision(kind=resolved, notices=[f"due today: {resolved} ({', '.join(step.rules)}: {step.reason})"])
    notices = []
    advice = timing_advice(plan, kind)
    if advice:
        notices.append(f"note: {advice}")
    refusal = timing_refusal(plan, kind, notes)
    if refusal and not force:
        raise TimingError(refusal + ". Use --force to draft it anyway.")
    if refusal:
        notices.append(f"warning: {refusal} (drafting anyway: --force)")
    return TimingDecision(kind=kind, notices=notices)
