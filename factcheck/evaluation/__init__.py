"""Accuracy measurement: claim extraction against annotated texts, stance against ANS."""
