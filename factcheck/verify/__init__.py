"""Verification: retrieve evidence for a claim, compare structures, decide a verdict."""
