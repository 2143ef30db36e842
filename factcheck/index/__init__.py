"""The embedded corpus index (tantivy, on disk, no server) and what it stores per passage."""

# Bump when what is stored per passage changes: an index of another version is rebuilt.
FORMAT_VERSION = 2
# Bump when tokenisation, normalisation or fact extraction changes without a rules change.
ANALYZER_VERSION = 6
