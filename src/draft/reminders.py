"""Follow-up plans as an iCalendar file: one all-day event per step still to come, each with a reminder.

Only steps from the plan's today on are written: a finished application's stop, dated the day they
replied or said no, is history, not a reminder (issue 18.12).

Re-importing the file updates the events instead of duplicating them: an event's UID is
made of the application (company, role, interviewer) and the step's kind, never of its
date, which moves as the plan does.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from pydantic import BaseModel

from draft.plan import Plan

REMINDER_HOUR = 9  # the reminder pops up at 09:00 local time on the day of the step
PRODID = "-//draft//interview follow-up plan//EN"


class PlannedApplication(BaseModel):
    """One application's plan, with what names it in a calendar."""

    key: str
    title: str
    plan: Plan


def event_uid(key: str, kind: str) -> str:
    return f"{kind}-{hashlib.sha256(key.encode()).hexdigest()[:16]}@draft"


def plans_to_ics(applications: list[PlannedApplication]) -> bytes:
    """The due and upcoming steps (and the day to stop) of every application, as all-day events; none before today."""
    from icalendar import Alarm, Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    stamp = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    for application in applications:
        for step in application.plan.steps:
            if step.status not in ("due", "upcoming", "stop") or step.date < application.plan.today:
                continue
            action = "Stop following up" if step.kind == "stop" else f"Send {step.kind} ({step.channel})"
            event = Event()
            event.add("uid", event_uid(application.key, step.kind))
            event.add("dtstamp", stamp)
            event.add("summary", f"{action}: {application.title}")
            event.add("dtstart", step.date)
            event.add("dtend", step.date + dt.timedelta(days=1))
            event.add("description", step.reason)
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", f"{action}: {application.title}")
            alarm.add("trigger", dt.timedelta(hours=REMINDER_HOUR))  # from the start of the all-day event: 09:00 local
            event.add_component(alarm)
            calendar.add_component(event)
    return calendar.to_ical()
