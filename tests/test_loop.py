"""The guarded loop's policy with a scripted generator: choose, set aside, regenerate with feedback, fall back."""

from pathlib import Path

from draft.guardrails import check_draft
from draft.loop import Settings, choose_strategy, clean_body, write_draft
from draft.notes import parse_notes
from draft.repair import repair
from tests.conftest import BASIC_NOTES, ScriptedGenerator


def test_the_models_score_chooses_among_a_slots_sentences(notes):
    generator = ScriptedGenerator([], scorer=lambda sentence: 0.0 if sentence.startswith(("I especially", "I also appreciated")) else 1.0)
    result = write_draft(notes, generator, Settings(strategy="scaffold"))
    assert result.source == "model" and result.model_choices >= 1
    assert "I especially enjoyed our conversation" not in result.text and "Our conversation about migrating" in result.text
    assert check_draft(result.text, notes).passed


def test_the_templates_first_choice_when_the_model_prefers_it(notes):
    generator = ScriptedGenerator([], scorer=lambda sentence: 1.0 if sentence.startswith("I especially") else 0.0)
    result = write_draft(notes, generator, Settings(strategy="scaffold"))
    assert result.model_choices == 0 and "I especially enjoyed our conversation about" in result.text


def test_a_backend_that_cannot_score_leaves_the_draft_to_the_template(notes):
    result = write_draft(notes, ScriptedGenerator([], scorer=None), Settings(strategy="scaffold"))
    assert result.source == "template" and result.model_choices == 0


def test_a_sentence_that_breaks_a_rule_is_set_aside(notes, tmp_path: Path):
    frames = (Path(__file__).parents[1] / "prompts" / "frames.toml").read_text()
    (tmp_path / "frames.toml").write_text(frames.replace(
        'about = ["I especially enjoyed our conversation about {{ x }}.",',
        'about = ["I especially enjoyed our conversation about {{ x }}.", "I need to know ASAP about {{ x }}.",', 1))
    generator = ScriptedGenerator([], scorer=lambda sentence: 1.0 if "ASAP" in sentence else 0.0)
    result = write_draft(notes, generator, Settings(strategy="scaffold", prompts=tmp_path))
    assert "ASAP" not in result.text and check_draft(result.text, notes).passed
    assert any("set aside" in p for a in result.attempts for p in a.problems)


def test_private_lines_never_reach_a_prompt():
    notes = parse_notes(BASIC_NOTES + "## Notes to self\n- pay band not discussed, ask recruiter\n- Dana seemed super distracted\n"
                        "## Concerns\n- she thinks I'm too junior\n")
    generator = ScriptedGenerator([], scorer=lambda sentence: 0.0)
    result = write_draft(notes, generator, Settings(strategy="scaffold"))
    assert generator.prompts
    for prompt in generator.prompts:
        assert "pay band" not in prompt and "distracted" not in prompt and "too junior" not in prompt
    assert "pay band" not in result.text and "too junior" not in result.text
    assert result.private_lines == ["pay band not discussed, ask recruiter", "Dana seemed super distracted"]


def test_free_strategy_wraps_the_body_and_retries(notes):
    good_body = (
        "Thank you for speaking with me about the Senior Data Engineer role at Northwind Analytics.\n\n"
        "I enjoyed our conversation about migrating the ETL pipeline from cron to Airflow.\n\n"
        "I am very interested in the role."
    )
    generator = ScriptedGenerator(["Sorry to bother you, but I need to know ASAP.", "Dear Dana,\n" + good_body + "\n\nBest regards,\nAlex"], n_params=3_000_000_000)
    result = write_draft(notes, generator, Settings())
    assert result.strategy == "free" and result.source == "model"
    assert [a.passed for a in result.attempts] == [False, True]
    assert result.text.startswith("Subject: ") and "Dear Dana," in result.text
    assert result.text.count("Best regards") == 1
    assert "F8" in generator.prompts[1] and "previous attempt was rejected" in generator.prompts[1]


def test_template_steps_in_when_every_free_attempt_fails(notes):
    generator = ScriptedGenerator(lambda prompt: "Please hire me, I need this job [Your Name].", n_params=3_000_000_000)
    result = write_draft(notes, generator, Settings(attempts=2))
    assert result.source == "template" and len(result.attempts) == 2
    assert "hire me" not in result.text and check_draft(result.text, notes).passed


def test_strategy_follows_model_size():
    assert choose_strategy("auto", ScriptedGenerator([], n_params=135_000_000)) == "scaffold"
    assert choose_strategy("auto", ScriptedGenerator([], n_params=1_500_000_000)) == "free"
    assert choose_strategy("auto", None) == "template"


def test_clean_body_drops_greeting_and_sign_off():
    assert clean_body("Subject: hi\nDear Dana,\nBody one.\n\nBody two.\nBest regards,\nAlex") == "Body one.\n\nBody two."


def test_safe_repairs():
    text, applied = repair("Great!!! Thanks! See you \N{GRINNING FACE} the the end.")
    assert text == "Great! Thanks. See you the end."
    assert set(applied) >= {"emoji", "exclamations", "doubled-words"}


def test_long_notes_keep_the_most_specific_items_in_the_prompt():
    filler = "".join(f"- general chat about {'nice ' * (i % 7)}weather\n" for i in range(300))
    many = parse_notes(BASIC_NOTES.replace("## I forgot", filler + "## I forgot"))
    generator = ScriptedGenerator([], scorer=lambda sentence: 0.0)
    generator.n_ctx = 1200
    result = write_draft(many, generator, Settings(strategy="scaffold"))
    assert result.left_out and all("general chat" in item for item in result.left_out)
    assert "Airflow" in result.text and check_draft(result.text, many).passed
