"""Model backends behind the :class:`draft.model.Generator` interface.

The in-process llama-cpp-python model lives in :mod:`draft.model` (``LlamaGenerator``);
:mod:`draft.backends.openai` sends generation to a server speaking the OpenAI API
(llama.cpp's llama-server, llama-cpp-python's server, Ollama's ``/v1``, vLLM).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from draft.backends.openai import ServerGenerator
    from draft.config import Config


def server_generator(url: str, config: Config, model: str | None = None) -> ServerGenerator:
    """A generator for the server at ``url``, with what the settings' ``[backend]`` table says about it."""
    from draft.backends.openai import ServerGenerator
    from draft.config import api_key

    backend = config.backend
    return ServerGenerator(
        url, model=model or backend.model, api_key=api_key(config), timeout=backend.timeout,
        n_params=backend.n_params, n_ctx=backend.n_ctx,
        capabilities={"logprobs": backend.logprobs, "n": backend.n, "grammar": backend.grammar, "echo": backend.echo},
    )
