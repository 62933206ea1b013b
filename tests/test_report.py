"""The HTML report as a reader gets it: self-contained pages, gold entities highlighted, charts inline, text escaped."""

from __future__ import annotations

import base64
import html
import io
import json
import re
import warnings
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest
from spacy.language import Language

from dienbien_nlp.annotation.records import entity_record, load_entities, load_themes, theme_record, write_record
from dienbien_nlp.corpus import Document, Metadata, sha256_text
from dienbien_nlp.errors import DienbienError
from dienbien_nlp.report import (
    INDEX_PAGE,
    chart_bars,
    chart_font_path,
    doc_page_name,
    read_json_input,
    render_report,
    write_report,
)

from .conftest import INTERVIEW_ID, ROOT

ANNOTATIONS = ROOT / "annotations"
FIXTURES = Path(__file__).parent / "data" / "report"
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

# ---------------------------------------------------------------- a stand-in for the pipeline's predictions
# The report reads predictions through the pipeline's interface only (doc.ents with ent._.attrs, sent._.themes).
# This component fills that interface deterministically from the gold, with deliberate misses and errors, so the
# tests do not depend on how good the real recognizers are today.

GOLD_BY_TEXT: dict[str, list[tuple[int, int, str]]] = {}
THEME_WORDS = {
    "kinh tế": "economy",
    "Đảng": "party_building",
    "đoàn kết": "ethnic_national_unity",
    "hạ tầng": "infrastructure_transport",
}
SYMBOL = re.compile(r"(\d+)-([A-ZĐa-zđ]+)/([A-ZĐ]+)")


@Language.component("report_test_predictions", assigns=["doc.ents", "span._.attrs", "span._.themes"])
def report_test_predictions(doc):  # noqa: ANN001, ANN201
    ents = []
    for k, (s, e, label) in enumerate(GOLD_BY_TEXT.get(sha256_text(doc.text), [])):
        if k % 5 == 4:  # a miss
            continue
        if k % 7 == 3:  # a wrong label
            label = "ORG" if label != "ORG" else "LOC"
        span = doc.char_span(s, e, label=label, alignment_mode="expand")
        if span is None or (ents and span.start < ents[-1].end):
            continue
        if label == "RESOLUTION":
            m = SYMBOL.search(span.text)
            span._.attrs = {
                "doc_type": "nghi_quyet",
                "number": m and m.group(1),
                "symbol": m and f"{m.group(2)}/{m.group(3)}",
                "canonical_id": m and m.group(0),
                "issuer_code": m and m.group(3),
                "issuer": None,
                "date": None,
            }
        elif label == "LOC":
            span._.attrs = {"admin_level": "province", "code": "11", "era": "pre2025"}
        ents.append(span)
    doc.ents = ents
    for sent in doc.sents:
        sent._.themes = [t for w, t in THEME_WORDS.items() if w in sent.text]
    return doc


def base_pipeline():
    """The stable part of the pipeline: the project's tokenizer and sentences, no entities or themes."""
    from dienbien_nlp.pipeline import blank

    nlp = blank()
    nlp.add_pipe("dienbien_sentences")
    return nlp


def predicting_pipeline(gold_root: Path = ANNOTATIONS, doc_ids: tuple[str, ...] = (INTERVIEW_ID,)):
    from dienbien_nlp.corpus import get_document

    for doc_id in doc_ids:
        text = get_document(doc_id, ROOT / "corpus").text
        GOLD_BY_TEXT[sha256_text(text)] = [(g.start, g.end, g.label) for g in load_entities(doc_id, gold_root)]
    nlp = base_pipeline()
    nlp.add_pipe("report_test_predictions")
    return nlp


def fixture(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def render_interview(**overrides):
    from dienbien_nlp.corpus import get_document

    kwargs = {
        "annotations_dir": ANNOTATIONS,
        "eval_entities": fixture("entities.json"),
        "eval_themes": fixture("themes.json"),
        "agreement": fixture("agreement.json"),
    }
    kwargs.update(overrides)
    nlp = kwargs.pop("nlp", None) or predicting_pipeline()
    return render_report([get_document(INTERVIEW_ID, ROOT / "corpus")], nlp, **kwargs)


# ---------------------------------------------------------------- reading pages back


class Page(HTMLParser):
    """What a page holds: links and sources, gold highlights, predicted spans, theme tags, images."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict, list[str]]] = []
        self.urls: list[tuple[str, str, str]] = []
        self.gold: list[dict] = []
        self.pred: list[dict] = []
        self.tags: list[dict] = []
        self.images: list[str] = []
        self.segments: dict[str, str] = {}
        self.body = ""
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):  # noqa: ANN001
        a = {k: v or "" for k, v in attrs}
        cls = a.get("class", "").split()
        for key in ("src", "href", "action", "data", "poster"):
            if key in a:
                self.urls.append((tag, key, a[key]))
        if tag == "img":
            self.images.append(a.get("src", ""))
        if tag == "mark" and "gold" in cls:
            self.gold.append({**a, "text": "", "badge": ""})
        if tag == "span" and "pred" in cls and "data-start" in a:  # not the legend's samples
            self.pred.append(a)
        if tag == "span" and "tag" in cls and "data-theme" in a:
            self.tags.append({**a, "classes": cls})
        if tag == "div" and "segment" in cls:
            self.segments[a["data-segment"]] = ""
        if tag not in VOID:
            self.stack.append((tag, a, cls))

    def handle_endtag(self, tag):  # noqa: ANN001
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):  # noqa: ANN001
        if any(t in ("script", "style") for t, _, _ in self.stack):
            return
        self.body += data
        # The text of a segment as a reader reads it: without entity label badges and theme tags.
        segment = next((a["data-segment"] for t, a, c in reversed(self.stack) if "segment" in c), None)
        if segment is not None and not any(
            x in c for _, _, c in self.stack for x in ("ent-label", "pred-label", "tags", "seg-head")
        ):
            self.segments[segment] += data
        if any(t == "mark" and "gold" in c for t, _, c in self.stack):
            if any("pred-label" in c for _, _, c in self.stack):
                return
            where = "badge" if any("ent-label" in c for _, _, c in self.stack) else "text"
            self.gold[-1][where] += data


@pytest.fixture(scope="module")
def pages():
    return render_interview()


@pytest.fixture(scope="module")
def doc_page(pages):
    return Page(pages[doc_page_name(INTERVIEW_ID)])


# ---------------------------------------------------------------- tests


def test_one_index_and_one_page_per_document(pages):
    assert set(pages) == {INDEX_PAGE, doc_page_name(INTERVIEW_ID)}
    index = Page(pages[INDEX_PAGE])
    assert ("a", "href", doc_page_name(INTERVIEW_ID)) in index.urls


@pytest.mark.parametrize("name", [INDEX_PAGE, doc_page_name(INTERVIEW_ID)])
def test_page_is_self_contained(pages, name):
    text = pages[name]
    assert "<link" not in text.lower()
    assert "@import" not in text
    assert not re.search(r"url\(\s*['\"]?(?!data:)", text), "CSS may only reference data: URLs"
    assert "Content-Security-Policy" in text and "default-src 'none'" in html.unescape(text)
    page = Page(text)
    for tag, attr, url in page.urls:
        assert not re.match(r"\s*(https?:)?//", url, re.I), f"<{tag} {attr}={url[:60]!r}> fetches from the network"
        if attr == "src":
            assert url.startswith("data:"), f"<{tag} src> must be inline"
        else:
            assert url.startswith("#") or re.fullmatch(r"(index|doc-[a-z0-9._-]+)\.html(#[\w-]+)?", url), url


def test_every_gold_entity_is_highlighted_with_its_label(doc_page):
    gold = load_entities(INTERVIEW_ID, ANNOTATIONS)
    shown: dict[tuple[int, int, str], dict[str, str]] = {}
    for m in doc_page.gold:
        key = (int(m["data-start"]), int(m["data-end"]), m["data-label"])
        part = shown.setdefault(key, {"text": "", "badge": ""})
        part["text"] += m["text"]
        part["badge"] += m["badge"]
    assert set(shown) == {(g.start, g.end, g.label) for g in gold}
    for g in gold:
        assert shown[(g.start, g.end, g.label)] == {"text": g.text, "badge": g.label}
    assert doc_page.gold[0]["style"].startswith("background:")


def test_gold_and_predicted_entities_are_told_apart(doc_page):
    gold = {(g.start, g.end, g.label) for g in load_entities(INTERVIEW_ID, ANNOTATIONS)}
    pred = {(int(p["data-start"]), int(p["data-end"]), p["data-label"]) for p in doc_page.pred}
    assert pred and pred != gold, "the stand-in predicts some, misses some and mislabels some"
    assert pred - gold, "wrongly labelled predictions are shown as predictions"
    assert gold - pred, "missed gold entities are still highlighted"
    assert all("--c:" in p["style"] for p in doc_page.pred)


def test_every_gold_theme_is_a_tag_after_its_sentence(doc_page):
    sentences = load_themes(INTERVIEW_ID, ANNOTATIONS)
    expected = Counter(t for s in sentences for t in s["themes"])
    shown = Counter(tag["data-theme"] for tag in doc_page.tags if "gold" in tag["classes"])
    assert shown == expected
    assert any("pred" in t["classes"] and "gold" not in t["classes"] for t in doc_page.tags), (
        "predicted-only themes are marked"
    )
    assert any("miss" in t["classes"] for t in doc_page.tags), "gold themes the prediction missed are marked"


def test_interview_reads_segment_by_segment_with_speakers(doc_page, interview):
    from dienbien_nlp.corpus.structure import segment_document

    body = doc_page.body
    segs = segment_document(interview)
    assert doc_page.segments == {seg.id: seg.text for seg in segs}
    speakers = {s.speaker for s in segs if s.speaker and s.speaker != "interviewer"}
    for name in speakers:
        assert name in body
    assert "PV – Lam Anh" in body


@pytest.mark.parametrize("name,at_least", [(INDEX_PAGE, 8), (doc_page_name(INTERVIEW_ID), 5)])
def test_charts_are_inline_pngs(pages, name, at_least):
    import matplotlib.image

    images = Page(pages[name]).images
    assert len(images) >= at_least
    for src in images:
        assert src.startswith("data:image/png;base64,")
        data = base64.b64decode(src.split(",", 1)[1], validate=True)
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        pixels = matplotlib.image.imread(io.BytesIO(data), format="png")
        assert pixels.shape[0] > 100 and pixels.shape[1] > 100 and pixels.std() > 0.01


def test_results_come_from_the_inputs(pages):
    index = pages[INDEX_PAGE]
    ev = fixture("entities.json")
    assert f"{ev['pipeline']['micro']['f1']:.3f}" in index
    th = fixture("themes.json")["classifiers"]["tfidf_lr"]["micro_f1"]
    assert f"{th['mean']:.3f} [{th['ci_low']:.3f}, {th['ci_high']:.3f}]" in index
    assert f"{fixture('agreement.json')['themes']['krippendorff_alpha']:.3f}" in index


def test_resolutions_and_places_show_parsed_fields(pages):
    index = pages[INDEX_PAGE]
    assert "11-NQ/TW" in index and "nghi_quyet" in index
    assert "pre2025" in index and "province" in index


def test_missing_inputs_render_with_notes():
    pages = render_interview(nlp=base_pipeline(), eval_entities=None, eval_themes=None, agreement=None)
    index = pages[INDEX_PAGE]
    for note in ("No entity evaluation was given", "No theme evaluation was given", "No agreement file was given"):
        assert note in index
    page = Page(pages[doc_page_name(INTERVIEW_ID)])
    assert page.gold and not page.pred, "gold is shown although the pipeline predicts nothing"
    assert not any("pred" in t["classes"] for t in page.tags)


def test_no_pipeline_no_gold_still_renders(tmp_path, interview):
    pages = render_report(
        [interview], None, annotations_dir=tmp_path, eval_entities=None, eval_themes=None, agreement=None
    )
    page = Page(pages[doc_page_name(INTERVIEW_ID)])
    assert not page.gold and not page.pred and not page.tags
    assert "No entity annotations" in pages[doc_page_name(INTERVIEW_ID)]


HOSTILE = '<script>alert("x")</script> & <b>'


@pytest.fixture()
def hostile_doc(tmp_path):
    raw = (
        f"Tiêu đề {HOSTILE}\n\nPV: Thưa ông, <img src=x onerror=alert(1)> có gì mới?\n\n"
        'Ông Nguyễn Văn A: Tỉnh <i>Điện Biên</i> & "Ủy ban" phát triển kinh tế.\n'
    )
    meta = Metadata(
        id="hostile",
        source_file="hostile.txt",
        text_file="hostile.txt",
        sha256="0" * 64,
        title=f"Bài {HOSTILE}",
        kind="interview",
        publisher="<Báo>",
    )
    doc = Document(meta, raw)
    text = doc.text
    start = text.index("<i>Điện Biên</i>")
    ents = [(start, start + len("<i>Điện Biên</i>"), "LOC")]
    root = tmp_path / "annotations"
    write_record(root / "entities" / "hostile.json", entity_record("hostile", text, ents, "test"))
    last = text.index("Ông Nguyễn")
    write_record(
        root / "themes" / "hostile.json",
        theme_record("hostile", text, [(last, len(text.rstrip()), ["economy"])], "test"),
    )
    return doc, root


def test_all_text_is_escaped(hostile_doc):
    doc, root = hostile_doc
    evil = {"<img src=x onerror=alert(1)>": {"micro": {"precision": 1.0, "recall": 1.0, "f1": 1.0}, "per_label": {}}}
    pages = render_report(
        [doc], base_pipeline(), annotations_dir=root, eval_entities=evil, eval_themes=None, agreement=None
    )
    for name, text in pages.items():
        assert '<script>alert("x")' not in text, name
        assert "<img src=x" not in text, name
        assert "<i>Điện Biên" not in text, name
        assert "& <b>" not in text and "<Báo>" not in text, name
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in text, name
    page = Page(pages[doc_page_name("hostile")])
    assert [m["text"] for m in page.gold] == ["<i>Điện Biên</i>"]
    assert HOSTILE in page.body
    assert "<img src=x onerror=alert(1)>" in Page(pages[INDEX_PAGE]).body


def test_gold_for_another_text_is_refused(tmp_path, interview):
    root = tmp_path / "annotations"
    rec = entity_record(INTERVIEW_ID, interview.text + " changed", [(9, 18, "LOC")], "test")
    write_record(root / "entities" / f"{INTERVIEW_ID}.json", rec)
    with pytest.raises(DienbienError, match=r"\[E021\].*text_sha256 does not match"):
        render_report([interview], None, annotations_dir=root, eval_entities=None, eval_themes=None, agreement=None)


def test_write_report_writes_pages_and_drops_stale_ones(tmp_path):
    out = tmp_path / "report"
    write_report(out, {"index.html": "<p>1</p>", "doc-a.html": "a", "doc-b.html": "b"})
    write_report(out, {"index.html": "<p>2</p>", "doc-a.html": "a2"})
    assert sorted(p.name for p in out.iterdir()) == ["doc-a.html", "index.html"]
    assert (out / "index.html").read_text(encoding="utf-8") == "<p>2</p>"


def test_read_json_input(tmp_path):
    assert read_json_input(tmp_path / "missing.json") is None
    (tmp_path / "bad.json").write_text("{oops", encoding="utf-8")
    with pytest.raises(DienbienError, match=r"\[E008\].*bad.json"):
        read_json_input(tmp_path / "bad.json")
    (tmp_path / "list.json").write_text("[1]", encoding="utf-8")
    with pytest.raises(DienbienError, match="JSON object"):
        read_json_input(tmp_path / "list.json")


def test_page_font_is_inline_and_has_vietnamese(pages):
    from fontTools.ttLib import TTFont

    fonts = re.findall(r"url\(data:font/woff;base64,([A-Za-z0-9+/=]+)\)", pages[INDEX_PAGE])
    assert len(fonts) == 2, "regular and bold"
    text = "".join(load_themes(INTERVIEW_ID, ANNOTATIONS)[k]["text"] for k in range(10)) + "ĐđƯưƠơỹỵửữựằẳẵặ"
    for data in fonts:
        cmap = TTFont(io.BytesIO(base64.b64decode(data))).getBestCmap()
        assert not {c for c in text if c.isalpha() and ord(c) not in cmap}
    assert all(p.count("@font-face") == 2 for p in pages.values())


SAMPLE = "Điện Biên, Nghị quyết, Ủy ban, Bí thư Tỉnh ủy, Mường Thanh, Nậm Pồ, Tủa Chùa, ỹỵửữựằẳẵặ ĐƯỜNG"


def test_chart_font_has_every_vietnamese_letter(interview):
    from matplotlib.ft2font import FT2Font

    from dienbien_nlp.schema import load_schema

    path = chart_font_path()
    assert path.endswith("DejaVuSans.ttf")
    charmap = FT2Font(path).get_charmap()
    names = " ".join(t["name_vi"] for t in load_schema()["themes"])
    missing = {c for c in SAMPLE + names + interview.text if c.isalpha() and ord(c) not in charmap}
    assert not missing


def test_vietnamese_chart_renders_without_missing_glyphs():
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib warns "Glyph ... missing from font" otherwise
        uri = chart_bars(SAMPLE.split(", "), {"n": list(range(1, 9))}, title="Điện Biên – Ủy ban", xlabel="số câu")
    assert uri and uri.startswith("data:image/png;base64,")


def test_cli_report(tmp_path, monkeypatch):
    import typer
    from typer.testing import CliRunner

    import dienbien_nlp
    from dienbien_nlp.cli.report import report

    app = typer.Typer()
    app.command("report")(report)
    app.command("noop")(lambda: None)  # two commands, so "report" is a subcommand as under dienbien-nlp
    monkeypatch.setattr(dienbien_nlp, "load", base_pipeline)
    out = tmp_path / "out"
    args = [
        "report",
        "--corpus",
        str(ROOT / "corpus"),
        "--annotations",
        str(ANNOTATIONS),
        "--eval-dir",
        str(FIXTURES),
        "--agreement",
        str(FIXTURES / "agreement.json"),
        "--out",
        str(out),
    ]
    res = CliRunner().invoke(app, args)
    assert res.exit_code == 0, res.output
    assert (out / INDEX_PAGE).exists() and (out / doc_page_name(INTERVIEW_ID)).exists()
    assert "No agreement file" not in (out / INDEX_PAGE).read_text(encoding="utf-8")

    res = CliRunner().invoke(app, ["report", "--corpus", str(tmp_path / "nope"), "--out", str(out)])
    assert res.exit_code == 1
    assert res.stderr.startswith("error: [E001]") and "nope" in res.stderr


# ---------------------------------------------------------------- indicator claims


def claims_section(page: str) -> str:
    section = page[page.index('<section id="claims">') :]
    return section[: section.index("</section>")]


def test_document_page_shows_its_claims_as_a_table(pages):
    gold = json.loads((ANNOTATIONS / "claims" / f"{INTERVIEW_ID}.json").read_text("utf-8"))["claims"]
    section = claims_section(pages[doc_page_name(INTERVIEW_ID)])
    assert "Claims shown: gold" in section
    rows = re.findall(r"<tr>(.*?)</tr>", section)[1:]  # the first is the header
    assert len(rows) == len(gold) > 0
    for claim, row in zip(sorted(gold, key=lambda c: c["value"]["start"]), rows, strict=True):
        cells = [html.unescape(re.sub(r"<[^>]+>", "", c)) for c in re.findall(r"<td[^>]*>(.*?)</td>", row)]
        assert cells[1] == claim["value"]["text"] and cells[7] == claim["kind"] and cells[8] == (claim["time"] or "—")
    assert ("a", "href", "#claims") in Page(pages[doc_page_name(INTERVIEW_ID)]).urls


def test_a_series_is_charted_and_single_values_are_not(pages, tmp_path):
    from dienbien_nlp.corpus import get_document

    section = claims_section(pages[doc_page_name(INTERVIEW_ID)])
    alts = re.findall(r'<img src="data:image/png;base64,[^"]+" alt="([^"]*)"', section)
    assert "tỷ lệ hộ nghèo over time" in alts  # the poverty rate in 2005 and 2023
    # every claim of this resolution is a target for 2030: a table, and no chart
    doc = get_document("03-nq-cp-2025-01-09", ROOT / "corpus")
    page = render_report([doc], None, annotations_dir=ANNOTATIONS, eval_entities=None, eval_themes=None, agreement=None)
    single = claims_section(page[doc_page_name(doc.id)])
    assert "<table>" in single and "<img" not in single
    assert "No indicator is given at more than one time" in single


@pytest.mark.parametrize(
    "times,units,series",
    [
        (["2005", "2023"], ["percent", "percent"], 1),
        (["2016/2020", "2023"], ["percent", "percent"], 1),
        (["2023", "2023"], ["percent", "percent"], 0),
        (["2005", "2023"], ["percent", "vnd"], 0),
        (["2023"], ["percent"], 0),
        ([None, "2023"], ["percent", "percent"], 0),
    ],
)
def test_claim_series(times, units, series):
    from dienbien_nlp.report.claims import claim_series

    claims = [
        {"value": {"start": 10 * k, "end": 10 * k + 2, "text": "12"}, "number": 12.0 + k, "unit_norm": u,
         "indicator": {"start": 0, "end": 5, "text": "Tỷ lệ  hộ nghèo" if k else "tỷ lệ hộ nghèo"},
         "kind": "achieved", "time": t}
        for k, (t, u) in enumerate(zip(times, units, strict=True))
    ]  # fmt: skip
    found = claim_series(claims)
    assert len(found) == series
    if series:
        assert [c["time"] for c in found[0][2]] == times


def test_claims_come_from_the_extractor_without_claim_gold(tmp_path, interview):
    nlp = base_pipeline()
    nlp.add_pipe("dienbien_claims")
    pages = render_report([interview], nlp, annotations_dir=tmp_path, eval_entities=None, eval_themes=None, agreement=None)
    section = claims_section(pages[doc_page_name(INTERVIEW_ID)])
    assert "Claims shown: predicted" in section and "<table>" in section
    pages = render_report([interview], None, annotations_dir=tmp_path, eval_entities=None, eval_themes=None, agreement=None)
    assert "No indicator claims: the document has no claim gold" in claims_section(pages[doc_page_name(INTERVIEW_ID)])


def test_the_index_shows_the_claim_scores_test_first_and_marks_in_sample_figures():
    from dienbien_nlp.report.pages import index_page

    def split(n, f):
        prf = {"precision": f, "recall": f, "f1": f, "tp": 1}
        return {"documents": n, "counts": {"gold": 10 * n, "pred": 9 * n}, "value": prf, "value_kind": prf, "complete": prf, "number_accuracy": 1.0}

    res = {"setup": {"news": "included"}, "by_split": {"train": split(3, 0.9), "dev": split(2, 0.95), "test": split(4, 0.6)}}
    page = index_page([], None, None, None, None, res)
    part = page.split('id="claims-results"')[1].split("</table>")[0]
    rows = re.findall(r"<tr><td>(\w+)</td>.*?</tr>", part)
    assert rows == ["test", "dev", "train"]
    table = part.split("<tbody>")[1]
    assert "0.600" in table and table.count("in-sample") == 2 and table.count("unseen") == 1
    assert "No claim scores" in index_page([], None, None, None, None, None)
