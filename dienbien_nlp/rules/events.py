"""Rules for events (EVENT): congresses, named events, months and seasons of campaigns.

A mixin of :class:`~dienbien_nlp.rules.engine._Line`: its methods read the line's tokens and tables through ``self``."""

from __future__ import annotations

from .tables import _ORDINAL_WORDS
from .tokens import _is_cap, _is_lower, _is_roman


class EventRules:
    """The event rules of a line."""

    def ordinal_at(self, p: int, *, after_head: bool = False) -> int | None:
        """End of an ordinal at ``p``: ``lần thứ XV``, ``thứ 8``, ``XIII``, ``lần thứ mười ba``."""
        q = p
        if self.low(q) == "lần" and self.low(q + 1) == "thứ":
            q += 2
        elif self.low(q) in ("thứ", "lần"):
            q += 1
        t = self.tok(q)
        if t is None:
            return None
        if q == p and _is_roman(t):
            # a bare numeral right after the head or a capitalised word (Đại hội XIII, Đại hội Đảng X),
            # not after a lower-case word (khóa X)
            prev = self.tok(p - 1)
            if not after_head and prev is not None and _is_lower(prev) and prev.low not in ("quốc", "biểu"):
                return None
            return q + 1
        if _is_roman(t) or (t.kind == "n" and len(t.text) <= 3 and q > p):
            return q + 1
        if q > p and t.kind == "w" and t.low in _ORDINAL_WORDS:
            while self.tok(q) is not None and self.toks[q].low in _ORDINAL_WORDS:
                q += 1
            return q
        return None

    def year_range_at(self, p: int) -> int | None:
        t, d, u = self.tok(p), self.tok(p + 1), self.tok(p + 2)
        if t is not None and t.kind == "n" and len(t.text) == 4 and d is not None and d.text == "-" and u is not None and u.kind == "n" and len(u.text) == 4:
            return p + 3
        return None

    def event_at(self, i: int) -> int | None:
        if i in self._event_memo:
            return self._event_memo[i]
        self._event_memo[i] = None
        best: int | None = None
        for end, ph in self.R.event.match(self.toks, i):
            kind = ph.data
            got: int | None = None
            if kind == "congress":
                got = self._congress(i, end, ph.lows)
            elif kind == "name":
                got = self._named_event(end)
            elif kind == "month":
                got = self._month_event(end)
            elif kind == "season":
                got = self._season_event(end)
            if got is not None and (best is None or got > best):
                best = got
        self._event_memo[i] = best
        return best

    def _congress(self, i: int, k: int, lows: tuple[str, ...]) -> int | None:
        end: int | None = None
        if lows[-2:] == ("trung", "ương") and self.tok(k) is not None and self.toks[k].kind == "n":
            end = k + 1  # Hội nghị Trung ương 8
        p = k
        while end is None and p < self.n and p - k <= 12:
            t = self.toks[p]
            o = self.ordinal_at(p, after_head=p == k)
            if o is not None:
                end = o
                break
            if self.low(p) == "nhiệm" and self.low(p + 1) in ("kỳ", "kì"):
                yr = self.year_range_at(p + 2)
                if yr is not None:
                    end = yr
                break
            if (
                t.kind == "p"
                or t.low in ("các", "những", "tiến", "sau", "trước", "để", "và", "của", "khóa", "khoá", "bầu")
                or (_is_lower(t) and self.R.ctx("title_stop", self.toks, p) is not None)
                or (p > k and self.R.event.match(self.toks, p))
            ):
                break
            p += 1
        if end is None:
            return None
        while True:
            if self.low(end) in ("khóa", "khoá") and self.tok(end + 1) is not None and (
                _is_roman(self.toks[end + 1]) or self.toks[end + 1].kind == "n"
            ):
                end += 2
                continue
            if self.low(end) == "của":
                o = self.org_at(end + 1)
                if o is not None:
                    end = o[0]
                    continue
                break
            if self.cap(end):
                o = self.org_at(end)
                if o is not None:
                    end = o[0]
                    continue
            if self.low(end) == "nhiệm" and self.low(end + 1) in ("kỳ", "kì"):
                yr = self.year_range_at(end + 2)
                if yr is not None:
                    end = yr
                    continue
            break
        return end

    def _named_event(self, k: int) -> int | None:
        R = self.R
        while True:
            e = R.ctx("event_descr", self.toks, k)
            if e is None:
                break
            k = e
        end = self.name_end(k)
        if end == k or (end == k + 1 and self.toks[k].low == "tết"):
            return None
        t = self.tok(end)
        if t is not None and t.kind == "n" and len(t.text) == 4 and t.sp:
            end += 1
        return end

    def _month_event(self, k: int) -> int | None:
        if self.low(k) != "tháng":
            return None
        t = self.tok(k + 1)
        if t is None:
            return None
        if t.kind == "n" and len(t.text) <= 2:
            end = k + 2
        elif _is_cap(t) and t.low in _ORDINAL_WORDS | {"giêng", "chạp"}:
            end = k + 2
            if self.low(end) in ("một", "hai") and self.cap(end):
                end += 1
        else:
            return None
        if self.low(end) == "/" and self.tok(end + 1) is not None and self.toks[end + 1].kind == "n" and len(self.toks[end + 1].text) == 4:
            end += 2
        elif self.low(end) == "năm" and self.tok(end + 1) is not None and self.toks[end + 1].kind == "n" and len(self.toks[end + 1].text) == 4:
            end += 2
        for e, _nm, levels in self.gaz(end):
            if "country" in levels:
                end = e
                break
        return end

    def _season_event(self, k: int) -> int | None:
        end = k
        while end < self.n:
            t = self.toks[end]
            if t.low in ("tết", "xuân", "mùa", "năm") or (_is_cap(t) and not self.is_head(end)) or (t.kind == "n" and len(t.text) == 4):
                end += 1
                continue
            break
        while end > k and self.toks[end - 1].low in ("năm", "mùa"):
            end -= 1
        return end if end > k else None

    def find_events(self) -> None:
        for i in range(self.n):
            if not self.cap(i):
                continue
            end = self.event_at(i)
            if end is None or self.plural_before(i):
                continue
            prev = self.tok(i - 1)
            if prev is not None and (prev.kind == "n" or prev.low in ("đường", "phố")):
                continue  # 277B Cách Mạng Tháng Tám, đường Cách Mạng Tháng 8: a street
            head_end = max((e for e, _ in self.R.event.match(self.toks, i)), default=i + 1)
            if any(e > head_end or e >= end for e, _n, _l in self.gaz(i)):
                continue  # a place name starts here
            self.add(i, end, "EVENT", "event_pattern")
