"""Learned models: one BIO encoding (:mod:`.spans`), the CRF entity tagger (:mod:`.crf`), the theme
classifiers (:mod:`.themes`), their files (:mod:`.model_io`, :mod:`.linear`) and the theme workflows
(:mod:`.theme_tasks`)."""
