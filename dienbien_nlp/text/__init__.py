"""Text as the matchers see it: the one matching key of a text (:mod:`.keys`) and the one way overlapping spans
are resolved (:mod:`.overlaps`)."""
