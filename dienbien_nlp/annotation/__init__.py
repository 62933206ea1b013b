"""Annotation: standoff gold records (:mod:`.records`), sentence units (:mod:`.units`), the whole gold
(:mod:`.gold`, :mod:`.goldstats`), tool-neutral annotation tasks (:mod:`.tasks`), Label Studio and doccano round trips (:mod:`.labelstudio`,
:mod:`.doccano`) and adjudication (:mod:`.adjudication`)."""
