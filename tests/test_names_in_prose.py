"""The frame names the role and the company as a letter does: without the posting's asides ('Line Cook - 4 nights/week'
is 'the Line Cook position'), and every hard rule still holds."""

from __future__ import annotations

import json

import pytest

from draft.loop import Settings, write_draft
from draft.names import company_in_prose, role_in_prose
from draft.notes import parse_notes
from training.dataset import CORPUS, splits


@pytest.mark.parametrize(("role", "said"), [
    ("ICU Staff Nurse (nights)", "ICU Staff Nurse"),
    ("Mechanical (HVAC) Design Engineer", "Mechanical Design Engineer"),
    ("Senior Hydrologist - flood risk", "Senior Hydrologist"),
    ("Analytical Chemist - LC-MS/MS", "Analytical Chemist"),
    ("Welder / Fabricator \u2013 2nd shift", "Welder / Fabricator"),
    ("Data Analyst, Merchandising", "Data Analyst, Merchandising"),
    ("Hydrologist / Hydraulic Modeler", "Hydrologist / Hydraulic Modeler"),
    ("Data Scientist II \u2014 Credit Risk Modelling", "Data Scientist II"),
    ("Equity Research Associate\u2013Industrials", "Equity Research Associate"),
    ("AP/GL Accountant", "AP/GL Accountant"),
    ("Mid-level Associate", "Mid-level Associate"),
    ("Sous-Chef", "Sous-Chef"),
    ("(contract)", "(contract)"),
])
def test_a_role_is_said_without_the_postings_aside(role, said):
    assert role_in_prose(role) == said


@pytest.mark.parametrize(("company", "said"), [
    ("Summit Parcel Network, Ridgeview hub", "Summit Parcel Network"),
    ("RenalCare Partners - Westfield Dialysis Unit", "RenalCare Partners"),
    ("Fernleaf Health (digital patient app)", "Fernleaf Health"),
    ("IBEW Local 418 / Joint Apprenticeship Training Committee", "IBEW Local 418"),
    ("Holloway, Strand & Ocampo LLP", "Holloway, Strand & Ocampo LLP"),
    ("Acme, Inc.", "Acme, Inc."),
    ("Coca-Cola", "Coca-Cola"),
])
def test_a_company_is_said_without_its_aside_but_a_firms_names_stay(company, said):
    assert company_in_prose(company) == said


NOTES = """---
interviewer: Dana Whitfield
company: Summit Parcel Network, Ridgeview hub
role: Line Cook - 4 nights/week
sender: Alex Moreno
---
- walked me through the prep line and the Saturday rush
"""


@pytest.mark.parametrize("kind", ["thank-you", "status-check", "linkedin"])
def test_the_template_names_the_role_and_company_as_prose_and_passes_every_hard_rule(kind):
    result = write_draft(parse_notes(NOTES), None, Settings(kind=kind, strategy="template"))
    assert result.report.passed, result.report.failed_rules
    assert "Line Cook position" in result.text or "Line Cook role" in result.text
    assert "Summit Parcel Network" in result.text
    assert "4 nights/week" not in result.text and "Ridgeview hub" not in result.text


def test_the_corpus_reference_writers_mostly_name_the_role_without_what_follows_a_dash():
    """The data behind the rule: among train files whose role has a dashed aside, the references that name the role
    say the part before it more often than the whole title."""
    whole = head_only = 0
    for writer in splits()["train"]:
        for path in (CORPUS / "annotations" / writer).glob("*.ann.json"):
            found = json.loads(path.read_text(encoding="utf-8"))
            role, reference = found["header"].get("role") or "", (found.get("reference") or "").lower()
            if " - " not in role or "(" in role or role_in_prose(role).lower() not in reference:
                continue
            whole += role.lower() in reference
            head_only += role.lower() not in reference
    assert head_only > whole > 0
