"""Training beside the product: the corpus, its annotation, and the LoRA adapter of the learned understanding.

Nothing here is imported at run time; `draft` never imports `training`.
"""
