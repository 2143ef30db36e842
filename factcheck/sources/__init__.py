"""Article sources: where the text of an article comes from (files, drafts, standard input, http(s) URLs)."""
