"""Model backends behind the :class:`draft.model.Generator` interface.

The in-process llama-cpp-python model lives in :mod:`draft.model` (``LlamaGenerator``);
:mod:`draft.backends.openai` sends generation to a server speaking the OpenAI API
(llama.cpp's llama-server, llama-cpp-python's server, Ollama's ``/v1``, vLLM).
"""
