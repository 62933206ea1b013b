"""Whole corpora: sharded, resumable tagging on local processes or Dask.

- :mod:`.corpus_tag` — :func:`~.corpus_tag.tag_corpus`, the output folder and its manifest, resuming;
- :mod:`.inputs` — reading JSON Lines, folders and parquet, and planning shards;
- :mod:`.shards` — shard files, sizes and the records that plan and report them;
- :mod:`.worker` — tagging one shard into parquet bytes;
- :mod:`.engines` — local worker processes and Dask.
"""
