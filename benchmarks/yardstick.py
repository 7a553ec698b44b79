"""Plain llama.cpp decoding of a prompt with no pipeline around it: the speed yardstick.

Uses the library's low-level loop (``eval`` the prompt, then ``sample`` / ``eval`` one
token at a time), so our end-to-end tokens/s can be reported as a ratio to it, measured
in the same run on the same machine.
"""

from __future__ import annotations

import time

from pydantic import BaseModel


class DecodeSpeed(BaseModel):
    threads: int
    prompt_tokens: int
    prompt_seconds: float
    decode_tokens: int
    decode_seconds: float

    @property
    def prompt_tps(self) -> float:
        return self.prompt_tokens / self.prompt_seconds if self.prompt_seconds else 0.0

    @property
    def decode_tps(self) -> float:
        return self.decode_tokens / self.decode_seconds if self.decode_seconds else 0.0


def plain_decode(llm, prompt: str, n_tokens: int = 48, seed: int = 0) -> DecodeSpeed:
    """Evaluate ``prompt`` from an empty cache, then decode ``n_tokens`` tokens one by one."""
    tokens = llm.tokenize(prompt.encode("utf-8"), add_bos=True, special=True)
    llm.reset()
    llm._ctx.kv_cache_clear() if hasattr(llm._ctx, "kv_cache_clear") else None
    llm.set_seed(seed)
    started = time.perf_counter()
    llm.eval(tokens)
    prompt_seconds = time.perf_counter() - started
    decoded = 0
    started = time.perf_counter()
    for _ in range(n_tokens):
        token = llm.sample(temp=0.7, top_p=0.9, top_k=40, repeat_penalty=1.1)
        llm.eval([token])
        decoded += 1
    decode_seconds = time.perf_counter() - started
    llm.reset()
    return DecodeSpeed(threads=llm.n_threads if hasattr(llm, "n_threads") else 0, prompt_tokens=len(tokens),
                       prompt_seconds=prompt_seconds, decode_tokens=decoded, decode_seconds=decode_seconds)
