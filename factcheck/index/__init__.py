"""The embedded corpus index (tantivy, on disk, no server) and what it stores per passage."""

# Bump when what is stored per passage changes: an index of another version is rebuilt.
FORMAT_VERSION = 7  # 3: passages stored with their terms; the manifest counts terms
# 4: the passage JSON is stored as bytes, not indexed
# 5: facts carry the year their clause dates the event by (event_year)
# 6: a document index (documents/) beside the passages: every report whole, for event matching
# 7: documents without a date in their metadata dated by their text (date_source)
# Bump when tokenisation, normalisation or fact extraction changes without a rules change.
ANALYZER_VERSION = 9  # 8: event_year; 9: control characters removed, overlong sentences cut
