"""Evaluation: entity scores (:mod:`.entities`), held-out splits (:mod:`.heldout`), agreement between
annotation passes (:mod:`.agreement`), and the benchmarks (:mod:`.benchmarks`, :mod:`.speed`,
:mod:`.corpus_bench`)."""
