"""The blind reader panel: the packet reveals nothing, the key maps every id, scoring joins ratings with the key."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.panel import (
    KeyEntry, PanelError, Rating, build_items, packet_markdown, read_key, read_ratings, score_table, write_panel,
)
from benchmarks.runner import load_cases

ROOT = Path(__file__).resolve().parents[1]


def scripted_drafter(case, model, strategy, seed):
    """A fast stand-in for the pipeline: the draft says nothing about how it was made."""
    return f"Dear reader,\n\nThank you for the conversation (draft {seed}).\n\nBest regards,\nSam"


@pytest.fixture
def cases():
    return load_cases(corpus="messy", limit=4)


def test_build_packet_hides_case_model_and_strategy_and_key_maps_every_id(cases, tmp_path):
    items = build_items(cases, ["smollm2", "gemma"], ["auto", "template"], per_case=2, seed=7, drafter=scripted_drafter)
    assert len(items) == 4 * (2 * 2 + 1)  # auto: 2 models x 2 seeds; template: one per case
    write_panel(tmp_path, items)
    packet = (tmp_path / "packet.md").read_text()
    for word in ["smollm2", "gemma", "template", "strategy", "model:", *(c.name for c in cases)]:
        assert word not in packet.casefold(), word
    key = json.loads((tmp_path / "key.json").read_text())
    assert set(key) == {item.id for item in items}
    for item in items:
        assert f"`{item.id}`" in packet
    assert {entry["case"] for entry in key.values()} == {c.name for c in cases}
    assert {entry["model"] for entry in key.values() if entry["strategy"] == "template"} == {"-"}
    assert "send" in (tmp_path / "rubric.md").read_text()


def test_build_is_deterministic_for_a_seed_and_shuffles(cases):
    first = build_items(cases, ["smollm2"], ["auto", "template"], 1, 3, scripted_drafter)
    again = build_items(cases, ["smollm2"], ["auto", "template"], 1, 3, scripted_drafter)
    other = build_items(cases, ["smollm2"], ["auto", "template"], 1, 4, scripted_drafter)
    assert [i.id for i in first] == [i.id for i in again]
    assert [i.id for i in first] != [i.id for i in other]
    assert [i.key.case for i in first] != [c.name for c in cases for _ in range(2)]  # not in corpus order


def test_packet_shows_the_notes_as_written(cases):
    crlf = [c for c in load_cases(corpus="messy") if c.name == "crlf-claims-adjuster"]
    items = build_items(crlf, ["smollm2"], ["template"], 1, 0, scripted_drafter)
    packet = packet_markdown(items)
    assert "- drove past 3 times looking for parking lol\n" in packet
    assert "\r" not in packet


def write_ratings(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(row) + "\n" for row in rows))
    return path


KEY = {
    "a1": KeyEntry(case="x", corpus="messy", kind="thank-you", model="smollm2", strategy="auto", seed=0),
    "b2": KeyEntry(case="x", corpus="messy", kind="thank-you", model="-", strategy="template", seed=0),
    "c3": KeyEntry(case="y", corpus="messy", kind="thank-you", model="smollm2", strategy="auto", seed=0),
}


def rating(draft_id, verdict, grammar=0, unsupported=0, leaks=0, odd=0):
    return {"id": draft_id, "verdict": verdict, "grammar": grammar, "unsupported": unsupported, "leaks": leaks, "odd": odd, "comment": ""}


def test_score_table_per_model_and_strategy_with_agreement(tmp_path):
    one = write_ratings(tmp_path / "ratings-one.jsonl", [rating("a1", "send"), rating("b2", "edit", grammar=1), rating("c3", "rewrite", unsupported=2, odd=1)])
    two = write_ratings(tmp_path / "ratings-two.jsonl", [rating("a1", "send"), rating("b2", "rewrite", leaks=1), rating("c3", "rewrite", odd=3)])
    table = score_table([read_ratings(one, KEY), read_ratings(two, KEY)], KEY)
    assert "| - | template | 2 | 0% | 50% | 50% | 0.50 | 0.00 | 0.50 | 0.00 |" in table
    assert "| smollm2 | auto | 4 | 50% | 0% | 50% | 0.00 | 0.50 | 0.00 | 1.00 |" in table
    assert "Agreement between readers: 67% of 3 items" in table


def test_one_reader_has_no_agreement_line(tmp_path):
    one = write_ratings(tmp_path / "ratings-one.jsonl", [rating("a1", "send")])
    assert "Agreement" not in score_table([read_ratings(one, KEY)], KEY)


@pytest.mark.parametrize("line, problem", [
    ('{"id": "a1", "verdict": "maybe", "grammar": 0, "unsupported": 0, "leaks": 0, "odd": 0}', "verdict"),
    ('{"id": "a1", "verdict": "send", "grammar": -1, "unsupported": 0, "leaks": 0, "odd": 0}', "grammar"),
    ('{"id": "zz", "verdict": "send", "grammar": 0, "unsupported": 0, "leaks": 0, "odd": 0}', "not in the key"),
    ('{"id": "a1", "verdict": "send"', "JSON"),
])
def test_a_bad_ratings_line_is_a_one_line_error_naming_file_and_line(tmp_path, line, problem):
    path = tmp_path / "ratings-x.jsonl"
    path.write_text(json.dumps(rating("c3", "send")) + "\n" + line + "\n")
    with pytest.raises(PanelError) as error:
        read_ratings(path, KEY)
    assert error.value.message.startswith(f"{path}:2: ") and problem in error.value.message
    assert "\n" not in error.value.message


def test_rating_model_rejects_unknown_fields():
    with pytest.raises(ValueError):
        Rating.model_validate({**rating("a1", "send"), "stars": 5})


def test_panel_cli_builds_template_packet_and_scores_it(tmp_path):
    out = tmp_path / "panel"
    built = subprocess.run([sys.executable, "-m", "benchmarks.panel", "build", "--strategies", "template", "--limit", "3", "--out", str(out)],
                           cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stderr[-2000:]
    key = read_key(out / "key.json")
    assert len(key) == 3
    ratings = write_ratings(out / "ratings-a.jsonl", [rating(draft_id, "edit", odd=1) for draft_id in key])
    scored = subprocess.run([sys.executable, "-m", "benchmarks.panel", "score", str(ratings)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert scored.returncode == 0, scored.stderr
    assert "| - | template | 3 | 0% | 100% | 0% | 0.00 | 0.00 | 0.00 | 1.00 |" in scored.stdout
    bad = subprocess.run([sys.executable, "-m", "benchmarks.panel", "score", str(out / "missing.jsonl")], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "missing.jsonl" in bad.stderr


def test_packet_says_the_kind_asked_for_and_the_settings_the_drafts_used():
    chosen = [c for c in load_cases(corpus="messy") if c.name in ("remarks-dental-hygienist", "voice-solar-sales", "crlf-pharmacy-technician")]
    packet = packet_markdown(build_items(chosen, ["smollm2"], ["template"], 1, 0, scripted_drafter))
    assert "The job seeker asked for: a handwritten thank-you note." in packet  # a note card has no subject line
    assert "[the job seeker's settings sign with: Marcus Bell]" in packet
    assert "[the job seeker's settings give their phone: (555) 014-2290]" in packet
