"""The benchmark suite: corpus cases x prompt variants x models, with latency and quality metrics."""
