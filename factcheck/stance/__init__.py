"""Stance of one Arabic sentence towards another: supports, contradicts or unrelated, with a reason.

Works on any two sentences (not only on the claim kinds of rules/predicates): each module finds one
kind of signal in the word-level difference of the two sentences, and compare.py decides."""

from factcheck.stance.compare import StanceResult, compare_sentences

__all__ = ["StanceResult", "compare_sentences"]
