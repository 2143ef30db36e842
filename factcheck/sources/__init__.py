"""Article sources: where the text of an article comes from (a file, standard input; URLs later)."""
