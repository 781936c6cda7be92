"""The plain line-by-line face: for screen readers, slow links and TERM=dumb; no Textual."""
