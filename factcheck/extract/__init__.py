"""Claim extraction: sentence analysis, hedges, attribution, entities, then claim assembly."""
