"""Rule kinds: one module per kind, each with a ``Spec`` model and ``evaluate()``."""
