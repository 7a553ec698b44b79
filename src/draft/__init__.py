"""draft: a private interview follow-up writer (local GGUF model + deterministic guardrails)."""

__version__ = "0.1.0"
