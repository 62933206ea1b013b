"""Whole corpora: sharded, resumable tagging on local processes or Dask (:mod:`.corpus_tag`)."""
