"""What a value is about and what kind of claim it makes: the indicator phrase and the kind cues."""

from __future__ import annotations

import re

from .text import (
    _WORD,
    _YEAR,
    _clause_start,
    _Context,
    _cue_rx,
    _ends_with,
    _is_letter,
    _literal_rx,
    _skip_spaces,
    _starts_with,
    _strip_cue,
)
from .vocab import ClaimVocab


#: Words after a value that make a ``từ`` before it the start of a from-to pair (giảm từ 70% xuống còn 8%).
_TO_WORDS = re.compile(r"(?<![^\W\d_])(?:xuống|lên|đến|tới|còn)(?![^\W\d_])")


def _change_or_level(pre: str, vocab: ClaimVocab, after: str = "") -> str | None:
    """``change`` when a change verb stands right before the value, ``achieved`` for a level word.

    ``từ`` is a level word only when a from-to pair follows (``giảm từ 70% xuống còn 8%``: two levels); with no
    ``xuống``, ``lên``, ``đến``, ``tới`` or ``còn`` in ``after`` (the rest of the clause), a change verb before it
    makes a change (``giảm từ 10-15%``: a fall of 10 to 15 %).
    """
    quals = [c for r in ("q_approx", "q_ge", "q_le", "q_lt", "q_gt") for c in vocab.role(r)]
    for _ in range(4):
        pre = pre.rstrip()
        level = _strip_cue(pre, vocab.role("level"))
        if level:
            rest, cue = level
            if cue == "từ" and not _TO_WORDS.search(after) and _strip_cue(rest, vocab.role("change")):
                return "change"
            return "achieved"
        if _strip_cue(pre, vocab.role("change")):
            return "change"
        cut = _strip_cue(pre, quals) or _strip_cue(pre, vocab.role("link"))
        if cut is None:
            return None
        pre = cut[0]
    return None


_BOUNDARY = ",;:"


def _phrase_after(ctx: _Context, p: int, limit: int) -> tuple[int, int] | None:
    """The indicator written after a count: the words from ``p`` up to a boundary."""
    text, vocab = ctx.text, ctx.vocab
    q = _skip_spaces(text, p)
    low = text[q:limit].lower()
    if not low or not _is_letter(low[0]):
        return None
    if any(_starts_with(low, c) for c in vocab.role("not_indicator")):
        return None
    end = q
    n = 0
    for m in _WORD.finditer(text, q, limit):
        w = m.group()
        if w in _BOUNDARY or w in ".()?!\"“”" or w[0].isdigit() or n >= 10:
            break
        if n > 0 and w.lower() in vocab.role("indicator_end"):
            break
        end = m.end()
        n += 1
    return (q, end) if end > q else None


def _phrase_before(ctx: _Context, s: int, clause_start: int) -> tuple[tuple[int, int] | None, bool]:
    """The indicator written before a value: ``(span, hit_number)``."""
    text, vocab = ctx.text, ctx.vocab
    quals = [c for r in ("q_approx", "q_ge", "q_le", "q_lt", "q_gt") for c in vocab.role(r)]
    skip = quals + list(vocab.role("link")) + list(vocab.role("change")) + list(vocab.role("level"))
    skip += list(vocab.role("target")) + list(vocab.role("forecast"))
    skip = sorted(set(skip), key=lambda c: -len(c))
    end = s
    # cue words, links and time expressions between the indicator and the value
    for _ in range(8):
        pre = text[clause_start:end].lower().rstrip(" \t,")
        moved = False
        cut = _strip_cue(pre, skip)
        if cut:
            end, moved = clause_start + len(cut[0]), True
        else:
            tm = re.search(rf"(?:(?:giai đoạn|thời kỳ|nhiệm kỳ|năm|trong năm|đến năm|tới năm)\s+)?(?:{_YEAR}\s*[-–—]\s*)?{_YEAR}\s*$", pre)
            tm = tm or re.search(r"(?<![^\W\d_])(?:(?:những|các|mấy|trong) )?(?:năm|tháng|tuần|quý|mùa) (?:ngoái|nay|trước|qua|tới|sau|này)\s*$", pre)
            if tm:
                end, moved = clause_start + tm.start(), True
        if not moved:
            break
    for attempt in range(2):
        seg_end = end
        while seg_end > clause_start and text[seg_end - 1] in " \t,":
            seg_end -= 1
        start = seg_end
        hit_number = False
        words = 0
        for m in reversed(list(_WORD.finditer(text, clause_start, seg_end))):
            w = m.group()
            if w == ")":
                # a parenthetical with a number in it is another claim's aside: (tương đương 1.130 USD)
                k = text.rfind("(", clause_start, m.start())
                if k < 0 or re.search(r"\d", text[k : m.start()]):
                    break
            if w == "(" and words == 0 and not text[m.end() : seg_end].strip():
                continue  # a value in brackets is about what stands before them: tour Bali (499 USD)
            if w in _BOUNDARY or w in ".!?" or (w == "(" and ")" not in text[m.end() : seg_end]) or words >= 14:
                break
            if w[0].isdigit():
                hit_number = words == 0
                break
            start = m.start()
            words += 1
        # cut leading function words
        low = text[start:seg_end].lower()
        for _ in range(3):
            cut = next((c for c in vocab.role("indicator_trim") if _starts_with(low, c)), None)
            if not cut:
                break
            start = _skip_spaces(text, start + len(cut))
            low = text[start:seg_end].lower()
        while start < seg_end and not text[start].isalnum():
            start += 1
        seg = text[start:seg_end]
        only_time = bool(re.fullmatch(rf"\s*(?:(?:giai đoạn|thời kỳ|nhiệm kỳ|năm)\s+)?{_YEAR}(?:\s*[-–—]\s*{_YEAR})?\s*", seg))
        if start < seg_end and not only_time and not hit_number:
            return (start, seg_end), False
        if hit_number or attempt == 1:
            return None, hit_number
        # an empty segment right after a comma: the indicator stands before it (tỷ lệ …, từ 44%)
        k = max(text.rfind(c, clause_start, seg_end + 1 if start >= seg_end else start) for c in ",:")
        if k < 0:
            return None, False
        end = k
    return None, False


#: How many words before a value a target or forecast cue reaches.
CUE_REACH = 15


def _kind_cue(ctx: _Context, sent: tuple[int, int], s: int) -> str | None:
    """``target`` or ``forecast`` from the cues before ``s`` in its clause (at most :data:`CUE_REACH` words back).

    The nearest strong cue (phấn đấu, mục tiêu, dự kiến …) decides; a weak target cue (sẽ)
    counts only when there is none, and reads as a forecast before a change verb (sẽ giảm).
    """
    text, vocab = ctx.text, ctx.vocab
    cstart = _clause_start(text, sent[0], s)
    # a cue just before a colon ("Mục tiêu: …") reaches past it
    if cstart > sent[0] and text[cstart - 1] == ":":
        head = text[_clause_start(text, sent[0], cstart - 1) : cstart - 1].lower()
        if len(head.split()) <= 4 and any(_ends_with(head.rstrip(), c) or _starts_with(head.strip(), c) for c in vocab.role("target")):
            return "target"
    words = list(re.finditer(r"\S+", text[cstart:s]))
    if len(words) > CUE_REACH:
        cstart += words[-CUE_REACH].start()
    pre = text[cstart:s].lower()
    now = [m.end() for c in vocab.role("now") for m in _cue_rx(c).finditer(pre)]
    if now:  # "(hiện nay khoảng 2.000 USD)": what holds now is no target
        pre = pre[max(now) :]

    def last(role: str) -> tuple[int, int] | None:
        best = None
        for cue in vocab.role(role):
            for m in _literal_rx(cue).finditer(pre):
                a, b = m.span()
                if (a > 0 and _is_letter(pre[a - 1])) or (b < len(pre) and _is_letter(pre[b])):
                    continue
                if best is None or b > best[1] or (b == best[1] and a < best[0]):
                    best = (a, b)
        return best

    strong = [(hit[1], hit[0], role) for role in ("target", "forecast") if (hit := last(role))]
    if strong:
        return max(strong)[2]
    weak = last("target_weak")
    if weak:
        between = pre[weak[1] :]
        if any(_cue_rx(c).search(between) for c in vocab.role("change")):
            return "forecast"
        return "target"
    return None


def _lists_names(ctx: _Context, a: int, p: int, limit: int) -> bool:
    """The count's noun phrase ``a:p`` runs into a list of names (… 7 địa phương gồm Hà Nội, TP HCM)."""
    text = ctx.text
    if text[p:limit].lstrip(" ").startswith(":"):
        return True
    # one or two common nouns, then names joined by commas or "và": 3 huyện Giao Thủy, Hải Hậu, Nghĩa Hưng
    m = re.match(r"(?:[a-zđà-ỹ]+ ){1,2}[A-ZĐ]\S*(?: [A-ZĐ]\S*)*", text[a:p] + " ")
    if m and m.end() >= p - a and re.match(r"\s*(?:,|và|&)\s*[A-ZĐ]", text[p:limit]):
        return True
    for cue in ctx.vocab.role("list_intro"):
        for m in _cue_rx(cue, r"\s*:?\s+(?=[^\W\d_])").finditer(text[a:limit].lower()):
            nxt = text[a + m.end() : a + m.end() + 1]
            if nxt.isupper() and m.start() <= p - a + 1:
                return True
    return False
