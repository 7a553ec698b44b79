"""When to follow up: the schedule the timing rules give (RULES.md T1, T3, T4, T5, T7), and
the one decision ``draft``, ``draft plan`` and ``draft --kind next`` all ask for.

Pure functions of the notes (interview date, stated timeline, channel), the log of what
was sent and received (the notes' ``sent:``/``reply:``/``rejected:`` merged with the local
history), today's date and the user's working days (weekends and public holidays).

- The thank-you is due from the interview on, best within 24 hours; a late one stays due
  (late is better than never, RULES.md T1) until a thank-you or a status check is sent.
- A status check is due the day after their timeline (or a week after the interview),
  on a working day; a second one a week later; then stop (T3, T4, T5).
- Never two messages on one day (T7): a step that would share a day moves to the next
  working day.
- A step whose day is the next working day is due already on the weekend or holiday
  before it: the draft is written now and sent on that day ("send on Monday 2026-11-23").
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Literal

from pydantic import BaseModel, Field

from draft.dates import WorkCalendar, check_range, describe, describe_working_days, read_timeline
from draft.errors import NotesError, TimingError
from draft.hiring import said_no, stated_timeline
from draft.kinds import kind_spec, kinds
from draft.notes import Notes, SentMessage

Status = Literal["sent", "due", "upcoming", "stop"]
THANK_YOU, STATUS_CHECK, AFTER_REJECTION = "thank-you", "status-check", "after-rejection"
CONNECTION = "connection"  # a LinkedIn note: another channel, alongside the thank-you email (never instead of it, never taking its day)
DEFAULT_WAIT_DAYS = 7


def group_of(kind: str) -> str:
    if kind == "stop":
        return "stop"
    return kind_spec(kind).group


class Log(BaseModel):
    """What happened so far: the notes' log and the local history, merged."""

    sent: list[SentMessage] = Field(default_factory=list)
    reply: dt.date | None = None
    rejected: bool = False
    rejected_on: dt.date | None = None
    rejected_in_notes: str | None = Field(default=None, description="the notes line that says they said no ('got the rejection email')")

    @classmethod
    def of(cls, notes: Notes, events: Iterable = ()) -> Log:
        """The notes' ``sent:``, ``reply:`` and ``rejected:`` (or a line that says they said no) plus recorded events
        (``draft.history.Event``)."""
        this_round = (lambda day: day >= notes.interview_date) if notes.interview_date else (lambda day: True)  # noqa: E731
        # an entry before the interview belongs to an earlier round: the notes' log of the first round, kept in the file
        # when its interview_date became the next round's
        sent = {(m.kind, m.date): m for m in notes.sent if this_round(m.date)}
        replies = [notes.reply] if notes.reply and this_round(notes.reply) else []
        rejections: list[dt.date] = []
        for event in events:
            if event.what == "sent" and event.kind:
                sent.setdefault((event.kind, event.date), SentMessage(kind=event.kind, date=event.date))
            elif event.what == "reply":
                replies.append(event.date)
            elif event.what == "rejected":
                rejections.append(event.date)
        told = said_no(notes)
        if told and told.date:
            rejections.append(told.date)
        rejected_on = min(rejections) if rejections else None
        return cls(sent=sorted(sent.values(), key=lambda m: m.date), reply=min(replies) if replies else None,
                   rejected=notes.rejected or bool(rejections) or told is not None, rejected_on=rejected_on,
                   rejected_in_notes=told.line if told else None)

    def sent_in(self, group: str) -> list[SentMessage]:
        return [m for m in self.sent if m.kind in kinds() and group_of(m.kind) == group]


class PlanStep(BaseModel):
    kind: str
    date: dt.date
    status: Status
    rules: list[str]
    reason: str
    channel: str = "email"
    since: dt.date | None = Field(default=None, description="the day it was first due, when that is before its date")


class Plan(BaseModel):
    interview_date: dt.date
    today: dt.date
    country: str | None = None
    working_days: str = Field(default="Monday to Friday", description="the user's working days (settings: profile.working_days)")
    timeline: str | None = None
    timeline_date: dt.date | None = None
    timeline_note: str | None = None
    said_no: str | None = Field(default=None, description="the notes line that says they said no, when the notes say so")
    finished: str | None = Field(default=None, description="why no more follow-ups are planned, once that is so")
    steps: list[PlanStep] = Field(default_factory=list)

    def step_for(self, kind: str) -> PlanStep | None:
        return next((s for s in self.steps if s.kind == kind), None)

    @property
    def due(self) -> PlanStep | None:
        """What to write today, if anything."""
        return next((s for s in self.steps if s.status == "due"), None)

    @property
    def next_step(self) -> PlanStep | None:
        """The first step still to come (upcoming, or the stop)."""
        return next((s for s in self.steps if s.status in ("upcoming", "stop")), None)


def _moved(base: dt.date, day: dt.date, calendar: WorkCalendar, taken: set[dt.date]) -> str:
    """Why a step is on ``day`` rather than ``base`` (empty when it is not moved)."""
    if day <= base:
        return ""
    if base in taken:
        return f"; moved from {describe(base)}: another message is planned that day, and one a day is enough"
    if calendar.holiday(base):
        return f"; moved from {describe(base)}, {calendar.why_not_working(base)}"
    if not calendar.is_working_day(base):
        return f"; moved from {describe(base)} to the next working day"
    return ""


def build_plan(notes: Notes, today: dt.date, log: Log | None = None, calendar: WorkCalendar | None = None) -> Plan:
    """The schedule of follow-ups for these notes, as of ``today``."""
    if notes.interview_date is None:
        raise NotesError("the plan needs the interview date: add 'interview_date: 2026-11-20' (or 'yesterday', 'Nov 20') to the notes")
    check_range(today, "today's date")
    log = log or Log.of(notes)
    calendar = calendar or WorkCalendar()
    interview = notes.interview_date
    timeline = stated_timeline(notes)
    reading = read_timeline(timeline, interview, calendar) if timeline else None
    plan = Plan(interview_date=interview, today=today, country=calendar.country, working_days=describe_working_days(calendar.weekdays),
                timeline=timeline,
                timeline_date=reading.date if reading else None,
                timeline_note=(f"read as {describe(reading.date)} ({reading.how})" if reading.date else
                               f"cannot be read as a date ({reading.how}); using the one-week default") if reading else None)
    ready = calendar.on_or_after(today)  # the first working day a draft written today can go out

    def status(day: dt.date) -> Status:
        return "due" if day <= ready else "upcoming"

    taken = {m.date for m in log.sent if m.kind not in kinds() or group_of(m.kind) != CONNECTION}
    for message in log.sent:
        plan.steps.append(PlanStep(kind=message.kind, date=message.date, status="sent", rules=[], reason=f"sent on {describe(message.date)}"))
    thanked = log.sent_in(THANK_YOU)
    checks = log.sent_in(STATUS_CHECK)
    phone = bool(notes.channel and re.search(r"phone|call", notes.channel, re.IGNORECASE))
    check_channel = "phone" if phone else "email"

    if not thanked and not checks and not log.rejected and not log.reply:
        wanted = max(today, interview)
        day = calendar.on_or_after(wanted, taken)  # like every step, on a working day: on a Sunday, written now and sent on Monday
        best_by = interview + dt.timedelta(days=1)
        if wanted in taken or day == wanted:
            moved = _moved(wanted, day, calendar, taken)
        else:
            moved = f"; {calendar.why_not_working(wanted)} is not a working day: write it now, send it on {describe(day)}"
        if today > interview + dt.timedelta(days=2):
            reason = f"it is late (best within 24 hours of the interview, by {describe(best_by)}), but late is better than never" + (moved or ": send it now")
        else:
            reason = f"thank them within 24 hours of the interview, by {describe(best_by)}" + moved
        plan.steps.append(PlanStep(kind="thank-you", date=day, status=status(day) if interview <= today else "upcoming", rules=["T1"], reason=reason))
        taken.add(day)

    if log.rejected:
        when = max(today, log.rejected_on or log.reply or today)
        if not log.sent_in(AFTER_REJECTION):  # one message after a no: a feedback request, or a keep-in-touch note instead
            day = calendar.on_or_after(when, taken)
            reason = "they said no: thank them and ask what you could improve, or send a keep-in-touch note instead; one message, not both"
            plan.steps.append(PlanStep(kind="feedback-request", date=day, status=status(day), rules=["F7", "T7"], reason=reason + _moved(when, day, calendar, taken)))
            taken.add(day)
        plan.finished = "they said no: no status checks; one message at most, a feedback request or a keep-in-touch note"
        plan.said_no = log.rejected_in_notes
        plan.steps.append(PlanStep(kind="stop", date=log.rejected_on or log.reply or today, status="stop", rules=["T5"], reason=plan.finished))
        return _sorted(plan)
    if log.reply:
        plan.finished = f"they replied on {describe(log.reply)}: answer them and follow their lead; no more status checks"
        plan.steps.append(PlanStep(kind="stop", date=log.reply, status="stop", rules=["T5"], reason=plan.finished))
        return _sorted(plan)

    if reading and reading.date:
        first_base, first_rules = reading.date + dt.timedelta(days=1), ["T3", "T6", "T7"]
        first_reason = f"their timeline, '{timeline}', has passed" if first_base <= today else f"the day after their timeline, '{timeline}' ({describe(reading.date)})"
    else:
        first_base, first_rules = interview + dt.timedelta(days=DEFAULT_WAIT_DAYS), ["T4", "T6", "T7"]
        first_reason = ("a week after the interview: their timeline, "
                        f"'{timeline}', gives no date that can be read" if reading else "a week after the interview, as they gave no timeline")
    if checks:
        first_date = checks[0].date
    else:
        wanted = max(first_base, today)
        first_date = calendar.on_or_after(wanted, taken)
        plan.steps.append(PlanStep(kind="status-check", date=first_date, status=status(first_date), rules=first_rules,
                                   reason=first_reason + _moved(wanted, first_date, calendar, taken), channel=check_channel,
                                   since=calendar.on_or_after(first_base) if calendar.on_or_after(first_base) < first_date else None))
        taken.add(first_date)
    if len(checks) >= 2:
        plan.finished = "two status checks went out without a reply: stop and move on"
        plan.steps.append(PlanStep(kind="stop", date=max(checks[1].date + dt.timedelta(days=7), today), status="stop", rules=["T5"], reason=plan.finished))
        return _sorted(plan)
    second_base = first_date + dt.timedelta(days=7)
    wanted = max(second_base, today)
    second_date = calendar.on_or_after(wanted, taken)
    plan.steps.append(PlanStep(kind="second-check", date=second_date, status=status(second_date), rules=["T4", "T5", "T7"],
                               reason="a week after the first status check; the last one" + _moved(wanted, second_date, calendar, taken), channel=check_channel,
                               since=calendar.on_or_after(second_base) if calendar.on_or_after(second_base) < second_date else None))
    taken.add(second_date)
    plan.steps.append(PlanStep(kind="stop", date=second_date + dt.timedelta(days=7), status="stop", rules=["T5"], reason="no reply after two status checks: stop and move on"))
    return _sorted(plan)


def _sorted(plan: Plan) -> Plan:
    plan.steps.sort(key=lambda s: (s.date, s.status != "sent"))
    return plan


class Decision(BaseModel):
    """What the timing rules say about writing ``kind`` today."""

    kind: str
    allowed: bool
    reason: str
    rules: list[str] = Field(default_factory=list)
    advice: str | None = None
    send_on: dt.date | None = Field(default=None, description="the working day to send it, when that is not today")
    send_on_why: str | None = None
    timeline_problem: str | None = Field(default=None, description="their timeline, when it gives no date that can be read")


def decide(notes: Notes, kind: str, today: dt.date, log: Log | None = None, calendar: WorkCalendar | None = None) -> Decision:
    """The one timing answer: is ``kind`` (or, for ``next``, whatever is due) right to write today?"""
    calendar = calendar or WorkCalendar()
    log = log or Log.of(notes)
    plan = build_plan(notes, today, log, calendar)
    decision = _decide(plan, notes, kind, today, log, calendar)
    if plan.timeline and plan.timeline_date is None and group_of(decision.kind if decision.kind != "next" else "status-check") == STATUS_CHECK:
        decision.timeline_problem = f"their timeline, '{plan.timeline}', {plan.timeline_note}"
    return decision


def _decide(plan: Plan, notes: Notes, kind: str, today: dt.date, log: Log, calendar: WorkCalendar) -> Decision:
    if kind == "next":
        step = plan.due
        if step is None:
            later = plan.next_step
            after = f"; next: {later.kind} on {describe(later.date)}: {later.reason}" if later and later.status == "upcoming" else (f"; {plan.finished}" if plan.finished else "")
            return Decision(kind="next", allowed=False, reason=f"nothing is due today ({describe(today)}){after}")
        kind = "phone" if step.channel == "phone" and group_of(step.kind) == STATUS_CHECK else step.kind
        return _allowed(kind, step, plan, calendar)
    group = group_of(kind)
    if group == CONNECTION:
        return _connection(kind, plan, log)
    open_steps = [s for s in plan.steps if s.status in ("due", "upcoming") and group_of(s.kind) == group]
    if group == STATUS_CHECK and kind == "second-check" and not log.sent_in(STATUS_CHECK) and open_steps:
        return Decision(kind=kind, allowed=False, rules=["T4"], reason=f"send the first status check before the second; it fits from {describe(open_steps[0].date)}")
    if group == AFTER_REJECTION and log.sent_in(AFTER_REJECTION):
        open_steps = []  # one message after a no: either note, not both
    if not open_steps:
        return Decision(kind=kind, allowed=False, **_closed(kind, group, log))
    step = open_steps[0]
    if step.status == "upcoming":
        return Decision(kind=kind, allowed=False, rules=step.rules, reason=f"not yet: a {kind_spec(kind).label} fits from {describe(step.date)} ({step.reason})")
    return _allowed(kind, step, plan, calendar)


def _connection(kind: str, plan: Plan, log: Log) -> Decision:
    """A LinkedIn note: from the interview on, once, whatever the email steps say (it is another channel); not after a no."""
    label = kind_spec(kind).label
    if plan.today < plan.interview_date:
        return Decision(kind=kind, allowed=False, rules=["T1"], reason=f"not yet: a {label} follows the interview ({describe(plan.interview_date)})")
    if log.rejected:
        return Decision(kind=kind, allowed=False, rules=["T5"], reason="they said no: only a feedback request or a keep-in-touch note fits now")
    if sent := [m for m in log.sent if m.kind == kind]:
        return Decision(kind=kind, allowed=False, rules=["T5"], reason=f"a {label} was already sent on {describe(sent[0].date)}; one is enough")
    thank_you = plan.step_for("thank-you")
    advice = "the thank-you email is due too: the LinkedIn note goes alongside it, not instead of it" if thank_you and thank_you.status == "due" else None
    return Decision(kind=kind, allowed=True, rules=["T1"], advice=advice,
                    reason=f"a {label} goes alongside the thank-you email, on another channel: it does not replace the email")


def _allowed(kind: str, step: PlanStep, plan: Plan, calendar: WorkCalendar) -> Decision:
    advice = step.reason if step.kind == "thank-you" and "late" in step.reason else None
    send_on = step.date if step.date > plan.today else None
    why = f"{calendar.why_not_working(plan.today)} is not a working day" if send_on and not calendar.is_working_day(plan.today) else None
    return Decision(kind=kind, allowed=True, rules=step.rules, reason=step.reason, advice=advice, send_on=send_on, send_on_why=why)


def _as_the_notes_say(log: Log) -> str:
    return f" (the notes say '{log.rejected_in_notes}')" if log.rejected_in_notes else ""


def _closed(kind: str, group: str, log: Log) -> dict:
    """Why nothing of ``group`` can be sent any more: the reason and its rule."""
    label = kind_spec(kind).label
    if group == AFTER_REJECTION:
        if not log.rejected:
            return {"rules": ["F7"], "reason": f"a {label} follows a rejection, and none is recorded ('draft rejected --notes FILE', 'rejected: true' in the notes, or a notes line such as 'got the rejection email')"}
        sent = log.sent_in(AFTER_REJECTION)[0]
        return {"rules": ["T5"], "reason": f"a {kind_spec(sent.kind).label} was already sent on {describe(sent.date)}; one message after a no is enough"}
    if log.rejected:
        return {"rules": ["T5"], "reason": f"they said no{_as_the_notes_say(log)}: only a feedback request or a keep-in-touch note fits now"}
    if log.reply:
        return {"rules": ["T5"], "reason": f"they replied on {describe(log.reply)}: answer their message instead of following up"}
    if group == THANK_YOU:
        if thanked := log.sent_in(THANK_YOU):
            return {"rules": ["T5"], "reason": f"a {kind_spec(thanked[0].kind).label} was already sent on {describe(thanked[0].date)}; one thank-you is enough"}
        first = log.sent_in(STATUS_CHECK)[0]
        return {"rules": ["T1"], "reason": f"a status check already went out on {describe(first.date)}; a thank-you now would come after it"}
    return {"rules": ["T5"], "reason": "two status checks already went out without a reply: stop and move on"}


class TimingDecision(BaseModel):
    """What the timing rules say about drafting ``kind`` today: the kind to draft and lines to tell the user."""

    kind: str
    notices: list[str] = Field(default_factory=list)
    send_on: dt.date | None = None


def timing_decision(notes: Notes, kind: str, today: dt.date, force: bool = False, log: Log | None = None,
                    calendar: WorkCalendar | None = None) -> TimingDecision:
    """:func:`decide` for the ``draft`` command: a refusal is a TimingError (exit 3) unless ``force``.

    Without an interview date there is no plan: any kind but ``next`` is drafted as asked.
    """
    if notes.interview_date is None:
        if kind == "next":
            raise NotesError("--kind next needs the interview date: add 'interview_date: 2026-11-20' (or 'yesterday', 'Nov 20') to the notes")
        return TimingDecision(kind=kind)
    decision = decide(notes, kind, today, log, calendar)
    if not decision.allowed:
        if force and kind != "next":
            return TimingDecision(kind=kind, notices=[f"warning: {decision.reason} (drafting anyway: --force)"])
        raise TimingError(decision.reason + (". Use --force to draft it anyway." if kind != "next" else ""))
    notices = [f"due: {decision.kind}: {decision.reason}"] if kind == "next" else []
    if decision.advice and kind != "next":
        notices.append(f"note: {decision.advice}")
    if decision.timeline_problem:
        notices.append(f"note: {decision.timeline_problem}")
    if decision.send_on:
        because = f" ({decision.send_on_why})" if decision.send_on_why else ""
        notices.append(f"note: send on {describe(decision.send_on)}{because}")
    return TimingDecision(kind=decision.kind, notices=notices, send_on=decision.send_on)


def recording_refusal(log: Log, kind: str) -> str | None:
    """Why recording ``kind`` as sent would contradict the log (a second thank-you, a third check), or None."""
    already = [m for m in log.sent if m.kind == kind]
    if already:
        return f"a {kind} is already recorded as sent on {describe(already[0].date)}"
    group = group_of(kind)
    if group == THANK_YOU and (thanked := log.sent_in(THANK_YOU)):
        return f"a {kind_spec(thanked[0].kind).label} is already recorded as sent on {describe(thanked[0].date)}; one thank-you is enough"
    if group == STATUS_CHECK and len(log.sent_in(STATUS_CHECK)) >= 2:
        return "two status checks are already recorded; a third is not sent (stop and move on)"
    if group == AFTER_REJECTION and (after := log.sent_in(AFTER_REJECTION)):
        return f"a {after[0].kind} is already recorded as sent on {describe(after[0].date)}; one message after a no is enough"
    return None


def plan_lines(plan: Plan, title: str) -> list[str]:
    """The plan as plain text: each step with its date, what to do and why, in words."""
    lines = [f"Follow-up plan: {title}, interview {describe(plan.interview_date)}, as of {describe(plan.today)}"]
    if plan.timeline:
        lines.append(f"Their timeline: '{plan.timeline}', {plan.timeline_note}")
    if plan.said_no:
        lines.append(f"Their answer: no, as the notes say: '{plan.said_no}'")
    if plan.country or plan.working_days != "Monday to Friday":
        lines.append(f"Working days: {plan.working_days}" + (f", without {plan.country} public holidays" if plan.country else ""))
    for step in plan.steps:
        lines.append(f"  {step.date.isoformat()} {step.date.strftime('%a')}  {step.kind:<16} {_status_words(step, plan):<25} {step.reason}")
    return lines


def _status_words(step: PlanStep, plan: Plan) -> str:
    if step.status == "due":
        return "due: send it now" if step.date <= plan.today else f"due: write now, send {step.date.strftime('%a')}"
    return {"sent": "sent", "upcoming": "later", "stop": "stop"}[step.status]


def summary_line(plan: Plan, title: str) -> str:
    """One line for ``draft plan --all``: what is due (or overdue), what comes next, or why it is finished."""
    due = plan.due
    later = next((s for s in plan.steps if s.status == "upcoming"), None)
    if due:
        when = "today" if due.date <= plan.today else f"write now, send {describe(due.date)}"
        overdue = f"; overdue since {describe(due.since)}" if due.since and due.since < plan.today else ""
        state = f"DUE {when}: {due.kind} ({due.reason}){overdue}"
    elif later:
        state = f"next: {later.kind} on {describe(later.date)} ({later.reason})"
    else:
        state = f"finished: {plan.finished or 'no follow-up left'}"
    return f"{title}: {state}"
