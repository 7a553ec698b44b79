"""draft sent / reply / rejected / history clear and draft plan --all, through the CLI, in a private data folder."""

import icalendar
import pytest
from click.testing import CliRunner

from draft.cli import main


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def write_notes(tmp_path, name, company, role="Buyer", interviewer="Dana Lee", interview="2026-11-20", extra=""):
    path = tmp_path / name
    path.write_text(f"---\ninterviewer: {interviewer}\ncompany: {company}\nrole: {role}\ninterview_date: {interview}\n{extra}---\n"
                    "## What we discussed\n- supplier pricing for the spring catalogue\n", encoding="utf-8")
    return path


def test_a_second_thank_you_is_refused_and_not_drafted(tmp_path):
    notes = write_notes(tmp_path, "acme.md", "Acme")
    first = run("sent", "--notes", notes, "--kind", "thank-you", "--date", "2026-11-20")
    assert first.exit_code == 0 and "recorded: thank-you sent on 2026-11-20" in first.stdout
    again = run("sent", "--notes", notes, "--kind", "handwritten", "--today", "2026-11-21")
    assert again.exit_code == 3 and "already recorded as sent on Friday 2026-11-20" in again.stderr
    drafted = run("--notes", notes, "--kind", "thank-you", "--today", "2026-11-21", "--strategy", "template")
    assert drafted.exit_code == 3 and drafted.stdout == ""
    assert "a thank-you email was already sent on Friday 2026-11-20; one thank-you is enough" in drafted.stderr


def test_renaming_the_notes_file_keeps_its_history(tmp_path):
    notes = write_notes(tmp_path, "acme.md", "Acme")
    assert run("sent", "--notes", notes, "--kind", "thank-you", "--date", "yesterday", "--today", "2026-11-21").exit_code == 0
    renamed = notes.rename(tmp_path / "acme-buyer-interview.md")
    plan = run("plan", "--notes", renamed, "--today", "2026-11-21")
    assert "2026-11-20 Fri  thank-you        sent" in plan.stdout


def test_the_notes_log_still_counts_alongside_the_record(tmp_path):
    notes = write_notes(tmp_path, "acme.md", "Acme", extra="sent:\n  - {kind: thank-you, date: 2026-11-20}\n")
    assert run("sent", "--notes", notes, "--kind", "status-check", "--date", "2026-11-27").exit_code == 0
    plan = run("plan", "--notes", notes, "--today", "2026-12-01", "--json")
    kinds = {step["kind"]: step["status"] for step in __import__("json").loads(plan.stdout)["steps"]}
    assert kinds["thank-you"] == "sent" and kinds["status-check"] == "sent" and kinds["second-check"] == "upcoming"


def three_applications(tmp_path):
    acme = write_notes(tmp_path, "acme.md", "Acme", extra="timeline: by November 30\n")
    beta = write_notes(tmp_path, "beta.md", "Beta Corp", role="Analyst", interviewer="Sam Park", interview="2026-12-01")
    gamma = write_notes(tmp_path, "gamma.md", "Gamma", role="Planner", interviewer="Lee Chan")
    assert run("sent", "--notes", acme, "--kind", "thank-you", "--date", "2026-11-20").exit_code == 0
    assert run("sent", "--notes", beta, "--kind", "linkedin", "--date", "2026-12-01").exit_code == 0
    assert run("sent", "--notes", beta, "--kind", "thank-you", "--date", "2026-12-01").exit_code == 0  # the LinkedIn note is no thank-you
    assert run("sent", "--notes", gamma, "--kind", "thank-you", "--date", "2026-11-20").exit_code == 0
    assert run("rejected", "--notes", gamma, "--date", "2026-11-27").exit_code == 0
    return acme, beta, gamma


def test_plan_all_shows_each_applications_due_step(tmp_path):
    three_applications(tmp_path)
    result = run("plan", "--all", "--today", "2026-12-01")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == 3
    assert lines[0].startswith("Buyer at Acme (Dana Lee): DUE today: status-check (their timeline, 'by November 30', has passed)")
    assert lines[1].startswith("Analyst at Beta Corp (Sam Park): next: status-check on Tuesday 2026-12-08")
    assert lines[2].startswith("Planner at Gamma (Lee Chan): DUE today: feedback-request")
    assert "T3" not in result.stdout and "T4" not in result.stdout


def test_ics_of_two_runs_has_the_same_uids_and_one_alarm_per_event(tmp_path):
    three_applications(tmp_path)
    first, second = tmp_path / "a.ics", tmp_path / "b.ics"
    assert run("plan", "--all", "--today", "2026-12-01", "--ics", first).exit_code == 0
    assert run("plan", "--all", "--today", "2026-12-02", "--ics", second).exit_code == 0  # a day later: dates may move, UIDs may not
    events = [list(icalendar.Calendar.from_ical(path.read_bytes()).walk("VEVENT")) for path in (first, second)]
    uids = [{str(e["uid"]) for e in run_events} for run_events in events]
    assert uids[0] == uids[1] and len(uids[0]) == len(events[0]) >= 6
    for event in events[0]:
        alarms = event.walk("VALARM")
        assert len(alarms) == 1 and alarms[0].decoded("trigger").total_seconds() == 9 * 3600


def test_country_us_moves_the_first_check_off_thanksgiving(tmp_path):
    notes = write_notes(tmp_path, "acme.md", "Acme", interview="2026-11-19")
    us = run("plan", "--notes", notes, "--today", "2026-11-19", "--country", "US")
    assert "2026-11-27 Fri  status-check" in us.stdout and "Thanksgiving Day" in us.stdout
    assert run("plan", "--notes", notes, "--today", "2026-11-19", "--country", "XX").exit_code == 2


def test_relative_dates_and_the_weekend_note(tmp_path):
    notes = write_notes(tmp_path, "acme.md", "Acme", extra="timeline: by December 3\n")
    assert run("sent", "--notes", notes, "--kind", "thank-you", "--date", "last Friday", "--today", "2026-11-23").exit_code == 0
    saturday = run("--notes", notes, "--kind", "status-check", "--today", "2026-12-05", "--strategy", "template")
    assert saturday.exit_code == 0 and "send on Monday 2026-12-07 (Saturday is not a working day)" in saturday.stderr
    bad = run("sent", "--notes", notes, "--kind", "status-check", "--date", "9" * 5000)
    assert bad.exit_code == 2 and len(bad.stderr.splitlines()) == 1


def test_no_history_and_clear(tmp_path):
    notes = write_notes(tmp_path, "acme.md", "Acme")
    refused = run("sent", "--notes", notes, "--kind", "thank-you", "--no-history")
    assert refused.exit_code == 2 and "switched off" in refused.stderr
    assert run("sent", "--notes", notes, "--kind", "thank-you", "--date", "2026-11-20").exit_code == 0
    ignoring = run("--notes", notes, "--kind", "thank-you", "--today", "2026-11-21", "--strategy", "template", "--no-history")
    assert ignoring.exit_code == 0
    assert run("history", "clear").exit_code == 2  # not on a terminal: needs --yes
    cleared = run("history", "clear", "--yes")
    assert cleared.exit_code == 0 and "removed" in cleared.stdout
    assert run("plan", "--all").stdout.startswith("No application recorded yet")


def test_mark_as_sent_is_asked_only_on_a_terminal(tmp_path, monkeypatch):
    import datetime as dt

    from draft.cli import tracker
    from draft.history import History
    from draft.notes import read_notes_file

    path = write_notes(tmp_path, "acme.md", "Acme")
    notes, history, saturday = read_notes_file(path), History(), dt.date(2026, 11, 21)
    tracker.offer_to_record(notes, path, "thank-you", saturday, None, history)  # CliRunner: not a terminal, nothing asked
    assert history.events(notes) == []
    monkeypatch.setattr(tracker.sys.stdin, "isatty", lambda: True, raising=False)
    monkeypatch.setattr(tracker.sys.stdout, "isatty", lambda: True, raising=False)
    monkeypatch.setattr(tracker.click, "confirm", lambda question, **_: question == "Mark as sent today?")
    tracker.offer_to_record(notes, path, "thank-you", saturday, None, None)  # history switched off: nothing asked
    assert history.events(notes) == []
    tracker.offer_to_record(notes, path, "thank-you", saturday, None, history)
    assert [(e.kind, e.date) for e in history.events(notes)] == [("thank-you", saturday)]


# --- the notes' sent: list, as a new user writes it: read, or refused naming the entry ---------------------

def one_line_error(result, *fragments):
    assert result.exit_code == 2, (result.exit_code, result.output)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("draft: error: ") and result.stdout == "", result.output
    for fragment in fragments:
        assert fragment in lines[0], lines[0]
    assert "Traceback" not in result.output and "{'" not in lines[0] and "['" not in lines[0] and '"' not in lines[0]
    return lines[0]


@pytest.mark.parametrize("sent", [
    "sent: thank-you on 2026-11-19\n",
    "sent: thank you on Nov 19\n",
    "sent:\n  - kind: thank you\n    date: 2026-11-19\n",
    "sent:\n  kind: thank-you\n  date: 2026-11-19\n",  # one mapping instead of a list
    "sent:\n  - {Kind: Thank-You, Date: last Thursday, channel: email}\n",
], ids=["text", "text with a written date", "kind with a space", "a mapping instead of a list", "capitalized keys"])
def test_the_sent_forms_a_new_user_writes_are_read_and_a_second_thank_you_is_refused(tmp_path, sent):
    notes = write_notes(tmp_path, "acme.md", "Acme", interview="2026-11-19", extra=sent)
    drafted = run("--notes", notes, "--kind", "thank-you", "--today", "2026-11-21", "--strategy", "template")
    assert drafted.exit_code == 3 and drafted.stdout == "", drafted.output
    assert "thank-you email was already sent on Thursday 2026-11-19; one thank-you is enough" in drafted.stderr
    plan = run("plan", "--notes", notes, "--today", "2026-11-21")
    assert "2026-11-19 Thu  thank-you        sent" in plan.stdout


@pytest.mark.parametrize("sent, fragment", [
    ("sent:\n  thank-you: 2026-11-19\n", "'sent', '{thank-you: 2026-11-19}': unknown key 'thank-you'"),
    ("sent:\n  - {kind: thank-you}\n", "'sent' entry 1, '{kind: thank-you}': no date"),
    ("sent:\n  - {kind: thank-you, date: 2026-11-19, chanel: email}\n", "'sent' entry 1, '{kind: thank-you, date: 2026-11-19, chanel: email}': unknown key 'chanel'"),
    ("sent:\n  - thank-you sometime last week\n", "'sent' entry 1, 'thank-you sometime last week': not an entry ('sent' entries are written"),
    ("sent:\n  - {kind: thank you email, date: 2026-11-19}\n", "'sent' entry 1, '{kind: thank you email, date: 2026-11-19}': unknown kind 'thank you email'"),
    ("sent:\n  - [thank-you, 2026-11-19]\n", "'sent' entry 1, '[thank-you, 2026-11-19]': not an entry"),
    ("sent: thank-you\n", "'sent', 'thank-you': not an entry"),
    ("sent: true\n", "'sent', 'true': not an entry"),
    ("sent:\n  - {kind: thank-you, date: 2026-11-19}\n  - {kind: status-check, date: someday}\n",
     "'sent' entry 2, '{kind: status-check, date: someday}': 'sent.date' must be a date such as 2026-11-20"),
    ("sent:\n  - {kind: thank-you, date: {day: 19}}\n", "'sent' entry 1, '{kind: thank-you, date: {day: 19}}': 'sent.date' must be a date"),
    ("sent:\n  - {kind: [thank-you], date: 2026-11-19}\n", "'sent' entry 1, '{kind: [thank-you], date: 2026-11-19}': unknown kind '[thank-you]'"),
])
def test_a_malformed_sent_entry_is_a_one_line_error_naming_it(tmp_path, sent, fragment):
    notes = write_notes(tmp_path, "acme.md", "Acme", interview="2026-11-19", extra=sent)
    for command in (["--kind", "thank-you", "--strategy", "template"], ["plan"], ["sent", "--kind", "status-check"]):
        one_line_error(run(*command, "--notes", notes, "--today", "2026-11-21"), f"{notes}: {fragment}")


def test_the_same_thank_you_recorded_twice_is_refused_and_the_record_keeps_one(tmp_path):
    from draft.history import History
    from draft.notes import read_notes_file

    notes = write_notes(tmp_path, "acme.md", "Acme")
    assert run("sent", "--notes", notes, "--kind", "thank-you", "--date", "2026-11-20", "--today", "2026-11-21").exit_code == 0
    again = run("sent", "--notes", notes, "--kind", "thank-you", "--today", "2026-11-21")
    assert again.exit_code == 3 and again.stdout == ""
    assert again.stderr.strip() == ("draft: error: a thank-you is already recorded as sent on Friday 2026-11-20; "
                                    "nothing recorded (--force records it anyway)")
    assert [(e.what, e.kind) for e in History().events(read_notes_file(notes))] == [("sent", "thank-you")]


def test_a_reply_recorded_stops_the_follow_ups(tmp_path):
    notes = write_notes(tmp_path, "acme.md", "Acme")
    assert run("sent", "--notes", notes, "--kind", "thank-you", "--date", "2026-11-20").exit_code == 0
    replied = run("reply", "--notes", notes, "--date", "2026-11-24")
    assert replied.exit_code == 0 and "recorded: they replied on 2026-11-24 (Buyer at Acme)" in replied.stdout
    check = run("--notes", notes, "--kind", "status-check", "--today", "2026-11-30", "--strategy", "template")
    assert check.exit_code == 3 and "they replied on Tuesday 2026-11-24: answer their message instead of following up" in check.stderr
    following = run("--notes", notes, "--kind", "next", "--today", "2026-11-30", "--strategy", "template")
    assert following.exit_code == 3 and "nothing is due today (Monday 2026-11-30); they replied on Tuesday 2026-11-24" in following.stderr
    assert "2026-11-24 Tue  stop" in run("plan", "--notes", notes, "--today", "2026-11-30").stdout


def test_plan_all_says_which_applications_are_finished(tmp_path):
    replied = write_notes(tmp_path, "replied.md", "Acme")
    rejected = write_notes(tmp_path, "rejected.md", "Beta Corp", interviewer="Sam Park")
    checked = write_notes(tmp_path, "checked.md", "Gamma", interviewer="Lee Chan")
    for path in (replied, rejected, checked):
        assert run("sent", "--notes", path, "--kind", "thank-you", "--date", "2026-11-20").exit_code == 0
    assert run("reply", "--notes", replied, "--date", "2026-11-24").exit_code == 0
    assert run("rejected", "--notes", rejected, "--date", "2026-11-24").exit_code == 0
    assert run("sent", "--notes", rejected, "--kind", "feedback-request", "--date", "2026-11-25").exit_code == 0
    for kind, day in (("status-check", "2026-11-27"), ("second-check", "2026-12-04")):
        assert run("sent", "--notes", checked, "--kind", kind, "--date", day).exit_code == 0
    lines = run("plan", "--all", "--today", "2026-12-14").stdout.splitlines()
    assert lines == [
        "Buyer at Acme (Dana Lee): finished: they replied on Tuesday 2026-11-24: answer them and follow their lead; no more status checks",
        "Buyer at Beta Corp (Sam Park): finished: they said no: no status checks; one message at most, a feedback request or a keep-in-touch note",
        "Buyer at Gamma (Lee Chan): finished: two status checks went out without a reply: stop and move on",
    ]


# --- one source of truth, through the commands a user runs: every case of the plan table -------------------

from tests.test_plan import CASES  # noqa: E402 - the plan table (RULES.md T1-T7)

RULE_ID = __import__("re").compile(r"\b[A-Z]\d{1,2}\b")


def table_notes(tmp_path, extra, timeline):
    return write_notes(tmp_path, "case.md", "Acme", extra=(f"timeline: {timeline}\n" if timeline else "") + extra)


@pytest.mark.parametrize("name, extra, timeline, today, expected", CASES, ids=[c[0] for c in CASES])
def test_draft_plan_and_kind_next_agree_at_the_command_line(tmp_path, name, extra, timeline, today, expected):
    """`draft plan --json` names the due step; `draft --kind next` drafts exactly that (exit 0) or says nothing is
    due (exit 3); `draft --kind K` drafts K (exit 0) exactly when a step of K's group is due, else refuses (exit 3)."""
    from draft.kinds import kinds
    from draft.plan import group_of

    notes = table_notes(tmp_path, extra, timeline)
    plan = __import__("json").loads(run("plan", "--notes", notes, "--today", today, "--json").stdout)
    due = next((s for s in plan["steps"] if s["status"] == "due"), None)
    following = run("--notes", notes, "--kind", "next", "--today", today, "--strategy", "template", "--format", "json")
    if due is None:
        assert following.exit_code == 3 and "nothing is due today" in following.stderr
    else:
        assert following.exit_code == 0, following.output
        assert __import__("json").loads(following.stdout)["kind"] == due["kind"]
        assert f"due: {due['kind']}: {due['reason']}" in following.stderr
    sent_kinds = {s["kind"] for s in plan["steps"] if s["status"] == "sent"}
    said_no = (plan["finished"] or "").startswith("they said no")
    for kind in kinds():
        drafted = run("--notes", notes, "--kind", kind, "--today", today, "--strategy", "template", "-q")
        allowed = due is not None and group_of(kind) == group_of(due["kind"]) and not (kind == "second-check" and due["kind"] == "status-check") \
            and not (group_of(kind) == "after-rejection" and any(group_of(k) == "after-rejection" for k in sent_kinds))
        if group_of(kind) == "connection":  # a LinkedIn note: another channel, once, from the interview on, not after a no
            allowed = today >= plan["interview_date"] and not said_no and kind not in sent_kinds
        assert drafted.exit_code == (0 if allowed else 3), (kind, drafted.output)
        if not allowed:
            assert drafted.stdout == "" and not RULE_ID.search(drafted.stderr) and "['" not in drafted.stderr


@pytest.mark.parametrize("name, extra, timeline, today, expected", CASES, ids=[c[0] for c in CASES])
def test_plan_text_is_plain_words_in_every_case(tmp_path, name, extra, timeline, today, expected):
    """Rule ids only in --json; no Python-style quoting anywhere in the plan or the --all line."""
    notes = table_notes(tmp_path, extra, timeline)
    assert run("sent", "--notes", notes, "--kind", "thank-you", "--date", "2026-11-20", "--force").exit_code == 0  # puts it in the record
    for args in (("plan", "--notes", notes), ("plan", "--all"), ("plan", "--notes", notes, "--country", "US")):
        text = run(*args, "--today", today).stdout
        assert text and not RULE_ID.search(text), text
        assert not any(leak in text for leak in ('"', "\\", "['", "{'", "None", "datetime")), text
    as_json = __import__("json").loads(run("plan", "--notes", notes, "--today", today, "--json").stdout)
    assert all(RULE_ID.fullmatch(rule) for step in as_json["steps"] for rule in step["rules"])
    assert any(step["rules"] for step in as_json["steps"])


# --- the README's "when to send" section is what the commands print ---------------------------------------

README_FILES = {
    "acme.md": "---\ninterviewer: Priya Shah\ncompany: Acme Logistics\nrole: Supply Planner\ninterview_date: 2026-11-24\n"
               "timeline: early December\n---\n## What we discussed\n- demand forecasting for the winter peak\n",
    "beta.md": "---\ninterviewer: Sam Park\ncompany: Beta Health\nrole: Data Analyst\ninterview_date: 2026-12-01\n---\n"
               "## What we discussed\n- dashboards for the clinics\n",
}


def readme_sessions():
    """The console blocks of the README's section on when to send: (command line, expected output lines)."""
    import re
    import shlex
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("**When to send: `draft plan`.**"):readme.index("**Output:**")]
    sessions = []
    for block in re.findall(r"```console\n(.*?)```", section, re.DOTALL):
        for command in re.split(r"^\$ ", block, flags=re.MULTILINE)[1:]:
            line, *output = command.rstrip("\n").split("\n")
            args, _, comment = line.partition("#")
            args = shlex.split(args)
            if said := re.search(r"said on (\d{4}-\d\d-\d\d)", comment):
                args += ["--today", said.group(1)]
            sessions.append((args, output))
    return sessions


def test_the_readme_when_to_send_section_is_what_the_commands_print(tmp_path, monkeypatch):
    import shutil
    from pathlib import Path

    sessions = readme_sessions()
    commands = [" ".join(args[:2]) for args, _ in sessions]
    assert "draft sent" in commands and "draft plan" in commands and any("--all" in args for args, _ in sessions)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("LC_ALL", "C.UTF-8")  # no country from the locale: the README's outputs name --country when they use one
    (tmp_path / "examples").mkdir()
    shutil.copy(Path(__file__).resolve().parents[1] / "examples" / "notes.md", tmp_path / "examples" / "notes.md")
    for name, text in README_FILES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    for args, expected in sessions:
        assert args[0] == "draft"
        result = run(*args[1:])
        assert result.exit_code == 0, (args, result.output)
        assert result.stdout.splitlines() == expected, args


def test_the_country_comes_from_the_option_then_the_settings_then_the_locale(tmp_path, monkeypatch):
    notes = write_notes(tmp_path, "acme.md", "Acme", interview="2026-11-19")

    def check_date(*options):
        plan = __import__("json").loads(run("plan", "--notes", notes, "--today", "2026-11-19", "--json", *options).stdout)
        return plan["country"], next(s["date"] for s in plan["steps"] if s["kind"] == "status-check")

    monkeypatch.setenv("LC_ALL", "C.UTF-8")
    monkeypatch.setenv("DRAFT_CONFIG", str(tmp_path / "none.toml"))
    assert check_date() == (None, "2026-11-26")  # no country: Thanksgiving is a Thursday like any other
    monkeypatch.setenv("LC_ALL", "en_US.UTF-8")
    assert check_date() == ("US", "2026-11-27")  # from the locale
    settings = tmp_path / "config.toml"
    settings.write_text('[profile]\ncountry = "GB"\n', encoding="utf-8")
    monkeypatch.setenv("DRAFT_CONFIG", str(settings))
    assert check_date() == ("GB", "2026-11-26")  # profile.country wins over the locale
    assert check_date("--country", "US") == ("US", "2026-11-27")  # --country wins over both


# --- issue 18: the tracker over two weeks of a job search ---------------------------------------------------

def test_plan_all_ics_holds_only_steps_to_come(tmp_path):
    """18.12: a finished application's 'stop following up' (dated when they replied or said no) is not exported."""
    replied = write_notes(tmp_path, "replied.md", "Acme")
    rejected = write_notes(tmp_path, "rejected.md", "Beta Corp", interviewer="Sam Park")
    waiting = write_notes(tmp_path, "waiting.md", "Gamma", interviewer="Lee Chan", interview="2026-12-01")
    for path in (replied, rejected):
        assert run("sent", "--notes", path, "--kind", "thank-you", "--date", "2026-11-20").exit_code == 0
    assert run("reply", "--notes", replied, "--date", "2026-11-24").exit_code == 0
    assert run("rejected", "--notes", rejected, "--date", "2026-11-25").exit_code == 0
    assert run("sent", "--notes", waiting, "--kind", "thank-you", "--date", "2026-12-01").exit_code == 0
    ics = tmp_path / "plan.ics"
    assert run("plan", "--all", "--today", "2026-12-02", "--ics", ics).exit_code == 0
    events = list(icalendar.Calendar.from_ical(ics.read_bytes()).walk("VEVENT"))
    starts = [(str(e["summary"]), e.decoded("dtstart").isoformat()) for e in events]
    assert starts and all(day >= "2026-12-02" for _, day in starts), starts
    assert not any("Acme" in summary for summary, _ in starts)  # they replied: nothing left to remind
    assert any("Gamma" in summary and "status-check" in summary for summary, _ in starts)


def test_a_weekend_gets_one_answer_and_working_days_come_from_the_settings(tmp_path, monkeypatch):
    """18.14: on a Sunday, `draft plan` and `--kind next` both say: write the late thank-you now, send it Monday; a
    settings file's profile.working_days (nurses and retail work weekends) moves every step, and a bad value is one line."""
    import json

    monkeypatch.setenv("LC_ALL", "C.UTF-8")  # no country from the locale
    settings = tmp_path / "config.toml"
    monkeypatch.setenv("DRAFT_CONFIG", str(settings))
    notes = write_notes(tmp_path, "acme.md", "Acme", interview="2026-11-18")  # a Wednesday; today is Sunday the 22nd

    def plan_and_next():
        text = run("plan", "--notes", notes, "--today", "2026-11-22")
        steps = json.loads(run("plan", "--notes", notes, "--today", "2026-11-22", "--json").stdout)["steps"]
        following = run("--notes", notes, "--kind", "next", "--today", "2026-11-22", "--strategy", "template")
        assert text.exit_code == 0 and following.exit_code == 0, (text.output, following.output)
        return text.stdout, next(s for s in steps if s["kind"] == "thank-you"), following.stderr

    text, thank_you, said = plan_and_next()
    assert (thank_you["date"], thank_you["status"]) == ("2026-11-23", "due")
    assert "2026-11-23 Mon  thank-you        due: write now, send Mon" in text
    assert "note: send on Monday 2026-11-23 (Sunday is not a working day)" in said
    assert "send it now" not in text + said

    settings.write_text('[profile]\nworking_days = "every day"\n', encoding="utf-8")  # a nurse
    text, thank_you, said = plan_and_next()
    assert (thank_you["date"], thank_you["status"]) == ("2026-11-22", "due") and "Working days: every day" in text
    assert "2026-11-22 Sun  thank-you        due: send it now" in text and "send on" not in said

    saturday = write_notes(tmp_path, "shop.md", "Shop", interview="2026-11-21", extra="sent: thank-you on 2026-11-21\n")
    settings.write_text('[profile]\nworking_days = "tue-sat"\n', encoding="utf-8")  # retail: Sunday and Monday off
    check = json.loads(run("plan", "--notes", saturday, "--today", "2026-11-21", "--json").stdout)["steps"][1]
    assert (check["kind"], check["date"]) == ("status-check", "2026-11-28")  # a Saturday, a working day
    assert "Working days: Tuesday to Saturday" in run("plan", "--notes", saturday, "--today", "2026-11-21").stdout
    settings.write_text("", encoding="utf-8")
    check = json.loads(run("plan", "--notes", saturday, "--today", "2026-11-21", "--json").stdout)["steps"][1]
    assert (check["kind"], check["date"]) == ("status-check", "2026-11-30")  # Monday to Friday: moved off the weekend

    settings.write_text('[profile]\nworking_days = "funday"\n', encoding="utf-8")
    for command in (["plan", "--notes", notes], ["--notes", notes, "--kind", "next", "--strategy", "template"]):
        one_line_error(run(*command, "--today", "2026-11-22"), f"{settings}: profile.working_days: 'funday' is not a weekday")
    set_result = run("config", "set", "profile.working_days", "mon-sat")
    assert set_result.exit_code == 0, set_result.output
    assert "Working days: Monday to Saturday" in run("plan", "--notes", notes, "--today", "2026-11-22").stdout


@pytest.mark.parametrize("interview, header, body, reading, first_check", [
    ("2026-11-20", "decision: by the 18th\n", "", "read as Friday 2026-12-18 (the next 18th of a month)", "2026-12-21"),
    ("2026-11-20", "timeline: by the 18th\n", "", "read as Friday 2026-12-18", "2026-12-21"),
    ("2026-11-20", "", "## Next steps\n- final round w/ Tom, culture + team fit\n- they'll decide by Friday the 18th\n",
     "Their timeline: 'they'll decide by Friday the 18th', read as Friday 2026-12-18 (the next 18th that is a Friday)", "2026-12-21"),
    ("2026-11-20", "timeline: early next week\n", "", "read as Tuesday 2026-11-24 (early in a week is read as its Tuesday)", "2026-11-25"),
    ("2026-12-08", "timeline: they'll decide by Friday the 18th\n", "", "read as Friday 2026-12-18", "2026-12-21"),
], ids=["decision by the 18th", "by the 18th", "Friday the 18th among next steps", "early next week said on a Friday", "Friday the 18th said on a Tuesday"])
def test_timelines_as_people_write_them(tmp_path, interview, header, body, reading, first_check):
    """18.13: the day they decide is read as meant, so the first status check is the working day after it."""
    import json

    notes = tmp_path / "acme.md"
    notes.write_text(f"---\ninterviewer: Tom Becker\ncompany: Acme\nrole: Buyer\ninterview_date: {interview}\n{header}---\n"
                     f"## What we discussed\n- supplier pricing for the spring catalogue\n{body}", encoding="utf-8")
    text = run("plan", "--notes", notes, "--today", interview)
    assert text.exit_code == 0 and reading in text.stdout, text.output
    steps = json.loads(run("plan", "--notes", notes, "--today", interview, "--json").stdout)["steps"]
    assert next(s["date"] for s in steps if s["kind"] == "status-check") == first_check


def test_a_next_step_that_says_no_time_is_not_their_timeline(tmp_path):
    """18.13: 'final round w/ Tom, culture + team fit' is what comes next, not when they decide."""
    notes = tmp_path / "acme.md"
    notes.write_text("---\ninterviewer: Tom Becker\ncompany: Acme\nrole: Buyer\ninterview_date: 2026-11-20\n---\n"
                     "## What we discussed\n- supplier pricing for the spring catalogue\n## Next steps\n- final round w/ Tom, culture + team fit\n",
                     encoding="utf-8")
    plan = run("plan", "--notes", notes, "--today", "2026-11-20")
    assert plan.exit_code == 0 and "Their timeline" not in plan.stdout and "final round" not in plan.stdout
    assert "a week after the interview, as they gave no timeline" in plan.stdout
    assert run("sent", "--notes", notes, "--kind", "thank-you", "--date", "2026-11-20").exit_code == 0
    assert "final round" not in run("plan", "--all", "--today", "2026-11-20").stdout


def test_a_linkedin_note_is_another_channel_not_a_second_thank_you(tmp_path):
    """18.10: after the thank-you email, a LinkedIn note is drafted and recorded (not 'one thank-you is enough'); it
    neither replaces the email nor takes its day; a second LinkedIn note is refused."""
    notes = write_notes(tmp_path, "acme.md", "Acme")
    assert run("sent", "--notes", notes, "--kind", "thank-you", "--date", "2026-11-20").exit_code == 0
    drafted = run("--notes", notes, "--kind", "linkedin", "--today", "2026-11-20", "--strategy", "template")
    assert drafted.exit_code == 0 and drafted.stdout, drafted.output
    recorded = run("sent", "--notes", notes, "--kind", "linkedin", "--date", "2026-11-20", "--today", "2026-11-20")
    assert recorded.exit_code == 0 and "recorded: linkedin sent on 2026-11-20" in recorded.stdout, recorded.output
    again = run("--notes", notes, "--kind", "linkedin", "--today", "2026-11-23", "--strategy", "template")
    assert again.exit_code == 3 and "a LinkedIn message was already sent on Friday 2026-11-20; one is enough" in again.stderr

    first = write_notes(tmp_path, "beta.md", "Beta Corp", interviewer="Sam Park")  # LinkedIn first: the email is still due
    assert run("sent", "--notes", first, "--kind", "linkedin", "--date", "2026-11-20").exit_code == 0
    thanks = run("--notes", first, "--kind", "next", "--today", "2026-11-20", "--strategy", "template", "--format", "json")
    assert thanks.exit_code == 0 and __import__("json").loads(thanks.stdout)["kind"] == "thank-you", thanks.output
    plan = run("plan", "--notes", first, "--today", "2026-11-20").stdout
    assert "2026-11-20 Fri  thank-you        due: send it now" in plan  # the same day: another channel


def test_one_message_after_a_no(tmp_path):
    """18.11: after a rejection the plan holds one message (a feedback request, or a keep-in-touch note instead), not
    two on consecutive days; once one is sent, the other is refused, drafted or recorded."""
    import json

    notes = write_notes(tmp_path, "acme.md", "Acme")
    assert run("sent", "--notes", notes, "--kind", "thank-you", "--date", "2026-11-20").exit_code == 0
    assert run("rejected", "--notes", notes, "--date", "2026-11-27").exit_code == 0  # a Friday
    steps = json.loads(run("plan", "--notes", notes, "--today", "2026-11-27", "--json").stdout)["steps"]
    after = [(s["kind"], s["date"]) for s in steps if s["kind"] in ("feedback-request", "keep-in-touch")]
    assert after == [("feedback-request", "2026-11-27")], steps
    for kind in ("feedback-request", "keep-in-touch"):  # either is the one message
        assert run("--notes", notes, "--kind", kind, "--today", "2026-11-27", "--strategy", "template", "-q").exit_code == 0
    assert run("sent", "--notes", notes, "--kind", "keep-in-touch", "--date", "2026-11-27").exit_code == 0
    second = run("--notes", notes, "--kind", "feedback-request", "--today", "2026-11-30", "--strategy", "template")
    assert second.exit_code == 3 and second.stdout == ""
    assert "keep-in-touch email after a rejection was already sent on Friday 2026-11-27; one message after a no is enough" in second.stderr
    recorded = run("sent", "--notes", notes, "--kind", "feedback-request", "--date", "2026-11-30")
    assert recorded.exit_code == 3 and "one message after a no is enough" in recorded.stderr
    assert run("--notes", notes, "--kind", "next", "--today", "2026-11-30", "--strategy", "template").exit_code == 3


@pytest.mark.parametrize("told", [
    "## Update\n- got the rejection email\n",
    "## update: they went with someone else\n",
    "## Dec 1\n- recruiter called: they're not moving forward with my application\n",
], ids=["a bullet", "a heading", "a dated update"])
def test_the_notes_saying_no_need_no_force_and_no_draft_rejected(tmp_path, told):
    """18.11: a rejection the notes tell is read where the tracker decides: a feedback request or keep-in-touch note is
    drafted without --force, a status check is refused naming the line, and recording keeps the record in step."""
    notes = write_notes(tmp_path, "acme.md", "Acme", extra="sent: thank-you on 2026-11-20\n")
    notes.write_text(notes.read_text(encoding="utf-8") + told, encoding="utf-8")
    for kind in ("feedback-request", "keep-in-touch"):
        drafted = run("--notes", notes, "--kind", kind, "--today", "2026-12-01", "--strategy", "template")
        assert drafted.exit_code == 0 and drafted.stdout and "--force" not in drafted.stderr, drafted.output
    check = run("--notes", notes, "--kind", "status-check", "--today", "2026-12-01", "--strategy", "template")
    assert check.exit_code == 3 and "they said no (the notes say '" in check.stderr
    plan = run("plan", "--notes", notes, "--today", "2026-12-01").stdout
    assert "Their answer: no, as the notes say: '" in plan and "status-check" not in plan
    assert run("sent", "--notes", notes, "--kind", "feedback-request", "--date", "2026-12-01").exit_code == 0
    assert "finished: they said no" in run("plan", "--all", "--today", "2026-12-02").stdout  # the record knows it too


@pytest.mark.parametrize("hedge", [
    "## Concerns\n- worried they'll go with someone else\n",
    "- no offer yet, hoping to hear this week\n",
    "- I turned down their first offer\n",
    "- they rejected my first idea in the case study, then liked the second\n",
])
def test_a_worry_or_a_no_of_mine_is_no_rejection(tmp_path, hedge):
    notes = write_notes(tmp_path, "acme.md", "Acme", extra="sent: thank-you on 2026-11-20\n")
    notes.write_text(notes.read_text(encoding="utf-8") + hedge, encoding="utf-8")
    refused = run("--notes", notes, "--kind", "feedback-request", "--today", "2026-12-01", "--strategy", "template")
    assert refused.exit_code == 3 and "follows a rejection, and none is recorded" in refused.stderr, refused.output
    assert "status-check" in run("plan", "--notes", notes, "--today", "2026-12-01").stdout


def test_a_new_interview_date_is_a_new_round_with_its_own_thank_you_and_plan(tmp_path):
    """18.8: after 'draft reply' (they invited me to the final round), the final round's thank-you is drafted and
    recorded, and its plan counts from its own date; the first round keeps its record."""
    first = write_notes(tmp_path, "acme.md", "Acme", role="Staff Engineer", interviewer="Tom Becker")
    assert run("sent", "--notes", first, "--kind", "thank-you", "--date", "2026-11-20").exit_code == 0
    assert run("reply", "--notes", first, "--date", "2026-11-24").exit_code == 0
    final = write_notes(tmp_path, "acme-final.md", "Acme", role="Staff Engineer", interviewer="Tom Becker", interview="2026-12-01")

    drafted = run("--notes", final, "--kind", "thank-you", "--today", "2026-12-01", "--strategy", "template")
    assert drafted.exit_code == 0 and drafted.stdout, drafted.output
    plan = run("plan", "--notes", final, "--today", "2026-12-01").stdout
    assert "2026-12-01 Tue  thank-you        due: send it now" in plan and "2026-11-20" not in plan and "replied" not in plan
    recorded = run("sent", "--notes", final, "--kind", "thank-you", "--date", "2026-12-01")
    assert recorded.exit_code == 0 and "(Tom Becker, round 2)" in recorded.stdout, recorded.output
    assert run("plan", "--all", "--today", "2026-12-02").stdout.splitlines() == [
        "Staff Engineer at Acme (Tom Becker, round 2): next: status-check on Tuesday 2026-12-08 (a week after the interview, as they gave no timeline)"]

    earlier = run("plan", "--notes", first, "--today", "2026-12-02").stdout  # the first round: its thank-you, their reply
    assert "2026-11-20 Fri  thank-you        sent" in earlier and "2026-11-24 Tue  stop" in earlier and "2026-12-01" not in earlier
    before = run("sent", "--notes", first, "--kind", "status-check", "--date", "2026-11-18")
    one_line_error(before, "--date 2026-11-18 is before the interview in the notes (Friday 2026-11-20)")


def test_the_notes_log_of_an_earlier_round_does_not_close_the_next(tmp_path):
    """18.8: one notes file kept across rounds: its sent:/reply: entries before the new interview_date are the earlier round's."""
    notes = write_notes(tmp_path, "acme.md", "Acme", interview="2026-12-01", extra="sent: thank-you on 2026-11-20\nreply: 2026-11-24\n")
    plan = run("plan", "--notes", notes, "--today", "2026-12-01")
    assert "2026-12-01 Tue  thank-you        due: send it now" in plan.stdout, plan.output
    assert run("--notes", notes, "--kind", "thank-you", "--today", "2026-12-01", "--strategy", "template", "-q").exit_code == 0


@pytest.mark.parametrize("written", ["Dr. Tom Becker", "tom becker", "Tom Becker - Engineering Manager", "[Tom Becker (eng mgr)]", "Tom"])
def test_the_same_person_written_another_way_is_the_same_application(tmp_path, written):
    """18.9: the interviewer's name as people write it (a title, case, a role after a dash or in brackets, the given name
    alone) keeps the application: its thank-you is known, and 'plan --all' lists it once."""
    first = write_notes(tmp_path, "acme.md", "Acme", interviewer="Tom Becker")
    assert run("sent", "--notes", first, "--kind", "thank-you", "--date", "2026-11-20").exit_code == 0
    again = write_notes(tmp_path, "acme-again.md", "ACME", role="buyer", interviewer=written)
    refused = run("--notes", again, "--kind", "thank-you", "--today", "2026-11-21", "--strategy", "template")
    assert refused.exit_code == 3 and "one thank-you is enough" in refused.stderr, refused.output
    assert run("sent", "--notes", again, "--kind", "status-check", "--date", "2026-11-27").exit_code == 0
    lines = run("plan", "--all", "--today", "2026-11-28").stdout.splitlines()
    assert len(lines) == 1 and "next: second-check" in lines[0], lines


def test_another_person_is_another_application_and_old_records_are_merged(tmp_path):
    """18.9: another interviewer for the same role is another application; two rows an earlier version kept for one
    person ('Tom Becker (eng mgr)' and 'Dr. Tom Becker') are read as one and become one when next recorded."""
    import sqlite3

    from draft.history import History

    ana = write_notes(tmp_path, "ana.md", "Acme", interviewer="Ana Ruiz")
    assert run("sent", "--notes", ana, "--kind", "thank-you", "--date", "2026-11-20").exit_code == 0
    with sqlite3.connect(History().path) as db:  # what the earlier version wrote for two spellings of one name
        for key, name, kind, day in (("acme|buyer|tom becker (eng mgr)", "Tom Becker (eng mgr)", "thank-you", "2026-11-20"),
                                     ("acme|buyer|dr. tom becker", "Dr. Tom Becker", "status-check", "2026-11-27")):
            db.execute("INSERT INTO applications (key, company, role, interviewers, interview_date, updated) VALUES (?, 'Acme', 'Buyer', ?, '2026-11-20', 'x')", (key, name))
            db.execute("INSERT INTO events (key, what, kind, date, recorded) VALUES (?, 'sent', ?, ?, 'x')", (key, kind, day))
    tom = write_notes(tmp_path, "tom.md", "Acme", interviewer="Tom Becker")
    refused = run("sent", "--notes", tom, "--kind", "handwritten", "--date", "2026-11-28")
    assert refused.exit_code == 3 and "one thank-you is enough" in refused.stderr, refused.output
    plan = run("plan", "--notes", tom, "--today", "2026-11-28").stdout
    assert "2026-11-20 Fri  thank-you        sent" in plan and "2026-11-27 Fri  status-check     sent" in plan
    assert run("sent", "--notes", tom, "--kind", "linkedin", "--date", "2026-11-28").exit_code == 0
    lines = run("plan", "--all", "--today", "2026-11-30").stdout.splitlines()
    assert [line.split(":")[0] for line in lines] == ["Buyer at Acme (Ana Ruiz)", "Buyer at Acme (Tom Becker)"], lines
    assert "next: second-check" in lines[1]
    with sqlite3.connect(History().path) as db:
        assert db.execute("SELECT COUNT(*) FROM applications").fetchone()[0] == 2
        assert db.execute("SELECT COUNT(DISTINCT key) FROM events").fetchone()[0] == 2


def test_draft_history_lists_what_was_recorded_per_application_newest_first(tmp_path):
    """18.15: `draft history` lists the record: per application (the latest activity first), each interview (round),
    message, reply and no, newest first; --notes shows one application, --json the same as data."""
    import json

    assert run("history").stdout.startswith("Nothing recorded yet")
    acme = write_notes(tmp_path, "acme.md", "Acme", interviewer="Tom Becker")
    beta = write_notes(tmp_path, "beta.md", "Beta Corp", role="Analyst", interviewer="Sam Park", interview="2026-11-25")
    assert run("sent", "--notes", acme, "--kind", "thank-you", "--date", "2026-11-20", "--channel", "email").exit_code == 0
    assert run("reply", "--notes", acme, "--date", "2026-11-24").exit_code == 0
    assert run("sent", "--notes", beta, "--kind", "thank-you", "--date", "2026-11-25").exit_code == 0
    assert run("rejected", "--notes", beta, "--date", "2026-11-30").exit_code == 0
    final = write_notes(tmp_path, "acme-final.md", "Acme", interviewer="Tom Becker", interview="2026-12-01")
    assert run("sent", "--notes", final, "--kind", "thank-you", "--date", "2026-12-01").exit_code == 0

    listed = run("history")
    assert listed.exit_code == 0, listed.output
    assert listed.stdout.split("\n\n") == [
        f"Buyer at Acme (Tom Becker); notes: {final.resolve()}\n"
        "  2026-12-01 Tue  sent thank-you\n"
        "  2026-12-01 Tue  interview (round 2)\n"
        "  2026-11-24 Tue  they replied\n"
        "  2026-11-20 Fri  sent thank-you (email)\n"
        "  2026-11-20 Fri  interview (round 1)",
        f"Analyst at Beta Corp (Sam Park); notes: {beta.resolve()}\n"
        "  2026-11-30 Mon  they said no\n"
        "  2026-11-25 Wed  sent thank-you\n"
        "  2026-11-25 Wed  interview\n",
    ]
    one = json.loads(run("history", "--notes", beta, "--json").stdout)
    assert [a["application"] for a in one] == ["Analyst at Beta Corp (Sam Park)"]
    assert [e["what"] for e in one[0]["entries"]] == ["they said no", "sent thank-you", "interview"]
    assert run("history", "clear", "--notes", beta, "--yes").exit_code == 0  # the subcommand still works
    assert "Beta Corp" not in run("history").stdout
