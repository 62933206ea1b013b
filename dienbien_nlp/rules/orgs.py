"""Rules for organisations (ORG): patterns, domains and the bodies of the party and the state.

A mixin of :class:`~dienbien_nlp.rules.engine._Line`: its methods read the line's tokens and tables through ``self``."""

from __future__ import annotations

from .tables import _NAME_STOPS, _Comp
from .tokens import _is_lower, _is_roman


#: The words that end an international body's name, and the syllable after each.
_INTL_ENDS = {"thế": "giới", "quốc": "tế", "toàn": "cầu"}
#: Words that never stand inside such a name (``và`` does: Tổ chức Lương thực và Nông nghiệp …).
_INTL_STOPS = _NAME_STOPS - {"và"}


class OrgRules:
    """The organisation rules of a line."""

    def org_at(self, i: int) -> tuple[int, list[tuple[int, int]]] | None:
        """The longest organ name starting at ``i``: ``(end, list items)``."""
        if i in self._org_memo:
            return self._org_memo[i]
        self._org_memo[i] = None  # guard against recursion
        best: tuple[int, list[tuple[int, int]]] | None = None
        if not self.glued(i) or self.cap(i):
            for end, ph in self.R.org.match(self.toks, i):
                got = self._org_complete(i, end, ph.data)
                if got is not None and (best is None or got[0] > best[0]):
                    best = got
        self._org_memo[i] = best
        return best

    def _org_complete(self, i: int, j: int, data: tuple[bool, tuple[_Comp, ...], str]) -> tuple[int, list[tuple[int, int]]] | None:
        bare, comps, phrase = data
        if phrase == "Đảng":
            nxt = self.tok(j)
            if nxt is not None and _is_lower(nxt) and not self.glued(j) and self.R.has("dang_compound", nxt):
                return None
        if phrase == "Trung ương" and self.tok(j) is not None and self.toks[j].kind == "n":
            return None  # Hội nghị Trung ương 8 / Nghị quyết Trung ương 4
        k = j
        matched_any = False
        chained = False
        items: list[tuple[int, int]] = []
        for comp in comps:
            name = comp.name
            got: int | None = None
            if name == "vn":
                if self.low(k) == "việt" and self.low(k + 1) == "nam" and self.cap(k):
                    got = k + 2
            elif name == "domain":
                hits = self.R.domains.match(self.toks, k)
                if hits:
                    got = hits[0][0]
            elif name == "name":
                start = k
                if phrase.lower().startswith("công ty") or phrase.lower().startswith("tổng công ty"):
                    while True:
                        e = self.R.ctx("company_form", self.toks, start)
                        if e is None:
                            break
                        start = e
                # lower-case fields may stand between the head and the name (Đại học tổng hợp Leipzig,
                # Công ty du lịch Vietravel); they are kept in the span
                lead = start
                for _ in range(2):
                    lt = self.tok(lead)
                    e = self.R.ctx("org_field", self.toks, lead) if lt is not None and _is_lower(lt) else None
                    if e is None or self.glued(lead):
                        break
                    lead = e
                e = self.name_end(lead, org=True)
                if lead > start and e == lead:
                    e = start
                if e > lead and not any(g == e and "country" in lv for g, _n, lv in self.gaz(lead)):
                    got = e
            elif name == "number":
                t = self.tok(k)
                if t is not None and _is_roman(t) and not self.glued(k):
                    got = k + 1  # Quân khu II
                elif t is not None and t.kind == "n" and len(t.text) <= 3:
                    got = k + 1
                    if self.tok(got) is not None and self.toks[got].kind == "w" and not self.toks[got].sp and self.toks[got].text.isupper():
                        got += 1
            elif name == "country":
                for end, _nm, levels in self.gaz(k):
                    if "country" in levels:
                        got = end
                        break
            elif name == "org":
                o = self.org_at(k)
                if o is not None:
                    got = o[0]
                    chained = True
            elif name in ("place", "admin"):
                if not chained:
                    p = self.place_after(k, require_admin=name == "admin")
                    if p is not None:
                        got, items = p
            elif name == "central":
                if self.low(k) == "trung" and self.low(k + 1) == "ương":
                    got = k + 2
            elif name == "intl":
                got = self._intl_end(k, i)
            elif name == "term":
                if self.low(k) in ("khóa", "khoá") and (self.tok(k + 1) is not None) and (
                    _is_roman(self.toks[k + 1]) or self.toks[k + 1].kind == "n"
                ):
                    got = k + 2
            if got is not None and got > k:
                k = got
                matched_any = True
            elif comp.required:
                return None
        if not matched_any and not bare:
            return None
        return k, items

    def _intl_end(self, k: int, head: int, limit: int = 8) -> int | None:
        """End of an international body's field after its head (``Y tế thế giới``, ``toàn cầu``): words (and
        dashes) up to ``thế giới``, ``quốc tế`` or ``toàn cầu``; a lower-case field after a head that only starts
        the sentence (``Tổ chức hội thảo quốc tế``: a verb) gives nothing."""
        first = self.tok(k)
        if first is None or first.kind != "w" or self.glued(k):
            return None
        if self.toks[head].first and _is_lower(first) and self.low(k) not in _INTL_ENDS:
            return None
        if _is_lower(first) and self.R.compound(self.toks[k - 1].low, first.low):
            return None  # Hội thảo quốc tế: the head is part of a common word
        best = None
        j = k
        while j < self.n and j - k < limit:
            t = self.toks[j]
            if t.kind == "p" and t.text != "-":
                break
            if t.kind == "n" or (t.kind == "w" and t.low in _INTL_STOPS) or self.R.ctx("title_stop", self.toks, j) is not None:
                break  # a clause goes on, not the name (Liên hiệp | cũng sẽ tổ chức …)
            if j > k and self.cap(j) and self.is_head(j):
                break  # another organ or event starts (… | Hội thảo quốc tế)
            if self.low(j) in _INTL_ENDS and self.low(j + 1) == _INTL_ENDS[self.low(j)]:
                best = j + 2
            j += 1
        return best

    def _trung_uong_noun(self, i: int) -> bool:
        prev = self.tok(i - 1)
        if prev is None or prev.kind == "p":
            return True
        if self.R.has("noun_before", prev):
            return True
        # after a title (Ủy viên Trung ương) the organ is named
        for start in range(max(0, i - 3), i):
            t = self.title_at(start)
            if t is not None and t[0] == i:
                return True
        return False

    def _named_after_type(self, i: int) -> None:
        """``công ty Gold-Card``, ``tập đoàn Samsung``, ``tờ Straits Times``: a lower-case type word of a company or
        a paper, then a capitalised name; the name alone is the ORG (span rule 1). A place or a person's name
        after it, or a plural before it, gives nothing."""
        k = self.R.ctx("org_type_lower", self.toks, i)
        t = self.toks[i]
        if k is None or not (_is_lower(t) or t.first) or self.glued(i) or self.plural_before(i):
            return
        while True:  # công ty cổ phần Vinamilk
            e = self.R.ctx("company_form", self.toks, k)
            if e is None or not _is_lower(self.toks[k]):
                break
            k = e
        if not self.cap(k) or self.glued(k) or self.is_head(k) or self.gaz(k) or self.person_after(k):
            return
        end = self.name_end(k, org=True)
        if end > k:
            self.add(k, end, "ORG", "org_pattern")

    def find_orgs(self) -> None:
        lower_types = self.R.ctx_sets.get("org_type_first", frozenset())
        for i in range(self.n):
            if self.toks[i].kind == "p":
                continue
            if self.toks[i].low in lower_types:
                self._named_after_type(i)
            got = self.org_at(i)
            if got is None:
                continue
            end, items = got
            if self.plural_before(i) or self.generic_after(end):
                continue
            phrase_hits = self.R.org.match(self.toks, i)
            head = phrase_hits[0][1].data[2] if phrase_hits else ""
            if head == "Trung ương" and end - i <= 4 and self.key_text(i, i + 2).lower() == "trung ương":
                if not self._trung_uong_noun(i):
                    continue
            if self.glued(i) and not self.cap(i):
                continue
            head_end = phrase_hits[0][0] if phrase_hits else i + 1
            if any(e > head_end or e >= end for e, _n, _l in self.gaz(i)):
                continue  # Hội An, Đài Loan: a place name starts here, not an organ
            self.add(i, end, "ORG", "org_pattern")
            for a, b in items:
                self.add(a, b, "ORG", "org_pattern")
