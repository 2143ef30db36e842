"""Quantities in Arabic text: digits in any script, number words, duals, vague amounts and bounds."""
