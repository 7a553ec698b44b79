"""The loop's policy with a scripted generator: accept, reject, regenerate with feedback, fall back."""

from draft.guardrails import check_draft
from draft.loop import Settings, choose_strategy, clean_body, finish_sentence, write_draft
from draft.repair import repair
from tests.conftest import ScriptedGenerator


def test_scaffold_keeps_grounded_sentences(notes):
    generator = ScriptedGenerator(lambda prompt: "which showed me how carefully the team plans migrations.")
    result = write_draft(notes, generator, Settings(strategy="scaffold"))
    assert result.source == "model"
    assert "which showed me how carefully the team plans migrations." in result.text
    assert result.model_sentences >= 2
    assert check_draft(result.text, notes).passed


def test_invented_fact_is_rejected_and_regenerated_with_feedback(notes):
    replies = iter(["and I have done this for 13 years at Globex."] * 3 + ["which I found very thoughtful."] * 20)
    generator = ScriptedGenerator(lambda prompt: next(replies))
    result = write_draft(notes, generator, Settings(strategy="scaffold"))
    assert "13 years" not in result.text and "Globex" not in result.text
    first = result.attempts[0]
    assert "C9" in first.failed_rules and not first.passed
    retry_prompts = [p for p in generator.prompts[3:] if "previous attempt was rejected" in p]
    assert retry_prompts and "C9" in retry_prompts[0]
    assert result.attempts[-1].passed


def test_template_steps_in_when_every_attempt_fails(notes):
    generator = ScriptedGenerator(lambda prompt: "and please hire me, I need this job [Your Name].")
    result = write_draft(notes, generator, Settings(strategy="scaffold", attempts=2))
    assert result.source == "template"
    assert len(result.attempts) == 2
    assert "hire me" not in result.text
    assert check_draft(result.text, notes).passed


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
    assert result.text.startswith("Subject: ") and "Dear Dana Whitfield," in result.text
    assert result.text.count("Best regards") == 1
    assert "F8" in generator.prompts[1] and "previous attempt was rejected" in generator.prompts[1]


def test_strategy_follows_model_size():
    assert choose_strategy("auto", ScriptedGenerator([], n_params=135_000_000)) == "scaffold"
    assert choose_strategy("auto", ScriptedGenerator([], n_params=1_500_000_000)) == "free"
    assert choose_strategy("auto", None) == "template"


def test_finish_sentence_cuts_at_first_sentence_end():
    sentence, problem = finish_sentence("I enjoyed X,", " which was great. And more text here.")
    assert sentence == "I enjoyed X, which was great." and problem is None
    assert finish_sentence("I enjoyed X,", " which was")[1] == "the sentence was not finished"


def test_clean_body_drops_greeting_and_sign_off():
    assert clean_body("Subject: hi\nDear Dana,\nBody one.\n\nBody two.\nBest regards,\nAlex") == "Body one.\n\nBody two."


def test_safe_repairs():
    text, applied = repair("Great!!! Thanks! See you \N{GRINNING FACE} the the end.")
    assert text == "Great! Thanks. See you the end."
    assert set(applied) >= {"emoji", "exclamations", "doubled-words"}


def test_long_notes_keep_the_most_specific_items():
    from draft.notes import parse_notes
    from tests.conftest import BASIC_NOTES

    filler = "".join(f"- general chat about {'nice ' * (i % 7)}weather\n" for i in range(300))
    many = parse_notes(BASIC_NOTES.replace("## I forgot", filler + "## I forgot"))
    generator = ScriptedGenerator(lambda prompt: "which was thoughtful.")
    generator.n_ctx = 1200
    result = write_draft(many, generator, Settings(strategy="scaffold"))
    assert result.left_out and all("general chat" in item for item in result.left_out)
    assert "Airflow" in result.text
    assert check_draft(result.text, many).passed


def test_sentences_that_name_the_reader_or_echo_the_topic_are_regenerated(notes):
    replies = iter(["and Dana Whitfield was great.", "and the on-call rotation reviews were great.", "which I found very thoughtful."] + ["which I found thoughtful too."] * 10)
    generator = ScriptedGenerator(lambda prompt: next(replies))
    result = write_draft(notes, generator, Settings(strategy="scaffold"))
    problems = " ".join(p for a in result.attempts for p in a.problems)
    assert "do not name the reader" in problems and "do not repeat the topic" in problems
    assert "Dana Whitfield was great" not in result.text and "which I found very thoughtful." in result.text


def test_sentences_about_the_message_itself_are_regenerated(notes):
    replies = iter(["and I will send more thank-you emails.", "which I found very thoughtful."] + ["which I found thoughtful too."] * 10)
    result = write_draft(notes, ScriptedGenerator(lambda prompt: next(replies)), Settings(strategy="scaffold"))
    assert "emails" not in result.text
    assert any("not about the message" in p for a in result.attempts for p in a.problems)
