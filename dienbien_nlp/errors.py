"""One catalogue of coded error and warning messages (spaCy style).

Every message a user can see is defined here, so that codes are stable and
wording is consistent. Raise :class:`DienbienError` with ``Errors.E001.format(...)``;
warn with ``warnings.warn(Warnings.W001.format(...), DienbienWarning)``.

Example:
    >>> from dienbien_nlp.errors import Errors, DienbienError
    >>> str(DienbienError(Errors.E002.format(path="x.txt")))
    '[E002] x.txt: file is empty.'
"""

from __future__ import annotations


class DienbienError(Exception):
    """An error caused by user input or data; its message says how to fix it."""


class DienbienWarning(UserWarning):
    """A recoverable data problem: the item is skipped and the run goes on."""


class _Catalogue(type):
    def __getattribute__(cls, code: str) -> str:
        msg = super().__getattribute__(code)
        if code.startswith("__"):
            return msg
        return f"[{code}] {msg}"


class Errors(metaclass=_Catalogue):
    """Coded error messages. Placeholders are filled with ``str.format``."""

    E001 = "{path}: no such file or directory."
    E002 = "{path}: file is empty."
    E003 = "{path}: not valid UTF-8 ({detail}). Convert it to UTF-8 first, e.g. `iconv -f CP1258 -t UTF-8`."
    E004 = "{path}: looks like a binary file (it contains NUL bytes), not text."
    E005 = "{path}: is a directory, but a file was expected."
    E006 = "{path}: unsupported file type '{suffix}'; expected one of {expected}."
    E007 = "{path}: no text could be extracted from the {kind}."
    E008 = "{path}: line {line}: not valid JSON ({detail})."
    E009 = "{path}: line {line}: record has no text field '{field}'. Use --text-field to name it."
    E010 = "{path}: metadata record is invalid: {detail}."
    E011 = "{path}: a document with id '{doc_id}' already exists in the corpus. Use --force to replace it."
    E012 = "Document '{doc_id}' is not in the corpus at {corpus_dir}."
    E013 = "{path}: sha256 of the raw text is {actual}, but its metadata records {expected}: the raw source was changed."
    E014 = "{path}: unknown output format '{fmt}'; expected one of {expected}."
    E015 = "{path}: corpus folder has no documents (no *.json metadata records)."
    E016 = "{path}: the file is too large to read as one document ({size} bytes > {limit}); tag it instead, it is streamed line by line."
    E020 = "{path}: record {record}: {detail}"
    E021 = "{path}: annotation file is broken: {detail}"
    E030 = (
        "{path}: refusing to load: the model file names types that dienbien-nlp theme models never contain ({types}); "
        "nothing in it was run. Use a model made by `dienbien-nlp themes train`."
    )
    E031 = "{path}: not a dienbien-nlp theme model ({detail})."
    E032 = "Training data has no usable records ({detail})."
    E040 = "{path}: not a Label Studio JSON export ({detail})."
    E041 = "{path}: already exists; pass --force to overwrite it."
    E042 = "{path}: not a doccano JSONL file ({detail})."
    E043 = (
        "{path}: task {task}: a result from '{from_name}' (type '{type}') is not part of the dienbien-nlp labeling "
        "config; create the project with the config from `dienbien-nlp labelstudio config`."
    )
    E044 = "{path}: the export is inconsistent: {detail}."
    E045 = (
        "{source}: document '{doc_id}': {detail}. The text changed since the tasks or records were made, so their "
        "offsets cannot be trusted; export new tasks from the current text."
    )
    E046 = "{path}: not an annotation folder or record ({detail})."
    E047 = "Cannot compare {a} with {b}: {detail}."
    E048 = "{path}: line {line}: {detail}"
    E049 = "Invalid annotator '{name}': {detail}."
    E050 = "Build failed: {detail}. The previous output in {out} is left as it was."
    E051 = "The held-out annotations do not fit the VNTC texts: {detail}."
    E053 = "{path}: invalid document id '{doc_id}': use lower-case ASCII letters, digits, '.', '_' or '-', starting with a letter or digit."
    E054 = "{path}: refusing to write outside {base}."
    E055 = "{path}: cannot write here: {parent} is a file, not a folder."
    E056 = "{path}: cannot write: {detail}."
    E057 = "{path}: refusing to replace a folder that `dienbien-nlp build` did not make (no {marker} in it); choose a new or empty output folder."
    E058 = "{path}: there is no text to tag (the input is empty or only whitespace)."
    E059 = "Invalid option {option}: {detail}."
    E060 = "{path}: is {kind}, not a regular file; save the data to a file first."
    E061 = "{path}: folder has no .txt files to tag."
    E062 = "{path}: is a file, but a folder was expected."
    E063 = (
        "{path}: underthesea's fast POS model is missing; reinstall underthesea (`pip install --force-reinstall "
        "'underthesea>=9,<10'`)."
    )
    E064 = (
        "{path}: refusing to load: not a dienbien-nlp linear theme model ({detail}); nothing in it was used. "
        "Use a model written by `dienbien-nlp themes train`."
    )
    E065 = "{path}: cannot read: {detail}."
    E066 = "{path}: is a file; `dienbien-nlp build` writes a folder. Choose a folder name."
    E067 = (
        "{path}: refusing to load: not a dienbien-nlp claim filter ({detail}); nothing in it was used. "
        "Use a model written by scripts/train_shipped_models.py."
    )
    E052 = "{path}: the VNTC sample does not fit the news gold: {detail}."
    # corpus tag (sharded, resumable tagging of whole corpora)
    E080 = "{path}: record {position} (id {doc_id}): {detail}. The run stopped here (--strict); the shards before it are kept, and a rerun resumes."
    E081 = "{path}: not an output folder of `dienbien-nlp corpus tag`: it holds {detail}. Choose a new or empty folder."
    E082 = "Cannot use the Dask scheduler at {address}: {detail}."
    E083 = "The Dask engine needs the optional extra: pip install 'dienbien-nlp[dask]' ({detail})."
    E084 = (
        "Worker {worker} runs {detail}, unlike this machine: every worker needs the same dienbien-nlp, models and "
        "packages, or the shards would differ. Finished shards are kept."
    )
    E085 = "{path}: cannot read the input: {detail}."
    E086 = "{path}: no document to tag ({detail})."
    E087 = "{path}: the input changed while it was being tagged ({detail}); run again."
    E088 = "Shard {shard} (records {first}-{last}) failed on {worker}: {detail}. Finished shards are kept; run again to resume."
    E089 = "{path}: another `dienbien-nlp corpus tag` run is writing this folder."
    E090 = "{path}: no claim gold for the split(s) {splits}; the claim files are annotations/claims/ and annotations/news/claims/."
    E091 = "{path}: no gold document is in the dev or test split; `evaluate entities --in-sample` scores the corpus documents."


class Warnings(metaclass=_Catalogue):
    """Coded warning messages for recoverable data problems."""

    W001 = "{path}: text was not NFC-normalised; offsets refer to the text as read."
    W020 = "{n} news standoff file(s) checked without their texts: {detail}"
    W002 = "{path}: skipped line {line}: {detail}"
    W010 = "{source}: task {task}: span {start}-{end} '{text}' does not match the task text ('{actual}'); skipped."
    W011 = "{source}: task {task}: unknown label '{label}'; span {start}-{end} skipped."
    W012 = "{source}: task {task}: span {start}-{end} lies outside the text (length {length}); skipped."
    W013 = "{source}: task {task}: unknown theme '{theme}'; skipped."
    W014 = (
        "{source}: document '{doc_id}': entity {start}-{end} '{text}' crosses a sentence boundary and fits no task; "
        "left out."
    )
    W015 = (
        "{source}: task {task}: span {start}-{end} '{text}' has {n} labels {labels}; "
        "an entity takes exactly one. Skipped."
    )
    W016 = (
        "{source}: task {task}: span {start}-{end} '{text}' has whitespace at its edge; "
        "trimmed to {new_start}-{new_end} '{new_text}'."
    )
    W017 = (
        "{source}: task {task}: span {start}-{end} '{text}' overlaps span {other_start}-{other_end} '{other_text}'; "
        "entities neither nest nor overlap. Skipped."
    )
    W018 = (
        "{source}: annotator '{annotator}' annotated {done} of {total} sentences of document '{doc_id}'; "
        "the records cover only those."
    )
    W019 = "Comparing {a} with {b}: {detail}; left out of the comparison."
    W030 = "{path}: record {position} (id {doc_id}) skipped: {detail}."
    W031 = "{path}: the manifest cannot be read ({detail}); every shard is checked as if new."
