"""Rules for people (PER): names after titles and positions, bylines.

A mixin of :class:`~dienbien_nlp.rules.engine._Line`: its methods read the line's tokens and tables through ``self``."""

from __future__ import annotations

import re
import unicodedata

from .tables import _NAME_STOPS
from .tokens import _is_cap, _is_lower, _name_word


class PersonRules:
    """The person rules of a line."""

    def title_kind_before(self, i: int) -> str | None:
        """The kind of the person title cue that ends right before token ``i``, if any."""
        for start in range(max(0, i - 4), i):
            t = self.title_at(start)
            if t is not None and t[0] == i:
                return t[1]
        return None

    def person_run(self, k: int, *, cue: bool) -> int | None:
        """End of a person's name starting at ``k`` (``None`` if there is none)."""
        R = self.R
        if not self.cap(k) or self.glued(k) or not _name_word(self.toks[k]):
            return None
        j = k
        while j < self.n and j - k < 4:
            t = self.toks[j]
            if (
                _is_cap(t)
                and _name_word(t)
                and not (j > k and (self.glued(j) or self.is_head(j) or t.low in _NAME_STOPS or R.has("plural", t)))
            ):
                j += 1
                continue
            if t.text == "-" and not t.sp and self.cap(j + 1) and not self.toks[j + 1].sp:
                j += 1  # Kim Jong-un
                continue
            break
        while j > k and self.toks[j - 1].kind == "p":
            j -= 1
        if j == k:
            return None
        if self.cap(j) and not self.is_head(j) and not self.glued(j):
            return None  # a longer capitalised run: not a name of 1-4 syllables
        nxt = self.tok(j)
        if nxt is not None and _is_lower(nxt) and R.compound(self.toks[j - 1].low, nxt.low):
            j -= 1  # Anh hùng Lực lượng …: the last word starts a common word
            if j == k:
                return None
        size = j - k
        if size == 1 and (
            self.toks[k].low in _NAME_STOPS
            or self.R.has("plural", self.toks[k])
            or self.R.ctx("title_stop", self.toks, k) is not None
        ):
            return None  # đồng chí Các …: a function word, not a name
        if not cue:
            if self.toks[k].low not in R.surnames or size < 3:
                return None
        return j

    def positions_before(self, p: int) -> list[tuple[int, int]]:
        out: list[tuple[int, int]] = []
        end = p
        while end > 0:
            found = None
            for start in range(max(0, end - 12), end):
                t = self.title_at(start)
                if t is None:
                    continue
                t_end, kind = t
                g_end = t_end
                o = self.org_at(t_end)
                if o is not None:
                    g_end = o[0]
                if g_end == end:
                    found = (start, g_end, kind)
                    break
            if found is None:
                break
            start, g_end, kind = found
            if kind != "honorific":
                out.insert(0, (start, g_end))
            end = start
            if self.low(end - 1) == ",":
                end -= 1
            elif kind != "honorific":
                continue
            else:
                break
        return out

    def position_group(self, i: int) -> tuple[int, int] | None:
        t = self.title_at(i)
        if t is None or t[1] == "honorific":
            return None
        end = t[0]
        o = self.org_at(end)
        if o is not None:
            return i, o[0]
        q = end
        while q < self.n and q - end < 3 and _is_lower(self.toks[q]):
            q += 1
        if q > end and (q >= self.n or self.toks[q].kind == "p"):
            return i, q
        return i, end

    def positions_after(self, q: int) -> list[tuple[int, int]]:
        out: list[tuple[int, int]] = []
        while q < self.n and self.toks[q].text in (",", "-"):
            g = self.position_group(q + 1)
            if g is None:
                break
            out.append(g)
            q = g[1]
        return out

    def add_person(self, k: int, j: int, source: str = "person") -> None:
        positions = [self.position_text(a, b) for a, b in self.positions_before(k) + self.positions_after(j)]
        self.add(k, j, "PER", source, {"positions": positions})

    def position_text(self, a: int, b: int) -> str:
        return re.sub(r"\s+", " ", unicodedata.normalize("NFC", self.span_text(a, b))).strip()

    def find_people(self) -> None:
        R = self.R
        seen: set[tuple[int, int]] = set()
        for i in range(self.n):
            t = self.title_at(i)
            if t is None:
                continue
            end, cue_kind = t
            if i > 0 and self.toks[i - 1].kind == "n":
                continue  # 332 Bà Triệu: a street address
            if cue_kind == "honorific" and _is_cap(self.toks[i]) and not (i == 0 or self.toks[i - 1].text in '.!?:"-'):
                continue  # Bà Rịa, đường Bà Hom: a capitalised "Bà" inside a sentence is part of a name
            k = end
            o = self.org_at(k)
            if o is not None:
                k = o[0]
            elif cue_kind != "honorific":
                for e, _n, levels in self.gaz(k):
                    if "country" in levels and self.cap(e):
                        k = e  # Tổng thống Pháp Jacques Chirac
                        break
            if self.blocked_name(k):
                continue
            j = self.person_run(k, cue=True)
            if j is None or (cue_kind != "honorific" and j - k < 2):
                continue
            hits = self.gaz(k)
            if hits and hits[0][0] == j and not (self.toks[k].low in R.surnames and j - k >= 3):
                if hits[0][2] & {"country", "province", "region"}:
                    continue
            if any(e > j for e, _ in R.org.match(self.toks, k)):
                continue
            seen.add((k, j))
            self.add_person(k, j)
        for i in range(self.n):
            t = self.toks[i]
            if not _is_cap(t) or t.low not in R.surnames:
                continue
            if t.text.isupper() and len(t.text) >= 2:
                self._signature_in_caps(i)
                continue
            prev = self.toks[i - 1] if i > 0 else None
            if prev is not None and _is_cap(prev) and _name_word(prev) and not prev.first and t.sp:
                if self.title_kind_before(i) is None:
                    continue  # inside a longer capitalised run
            if self.blocked_name(i) or self._type_word_before(i):
                continue
            if i > 0 and self.toks[i - 1].kind == "n":
                continue  # 163 Trần Hưng Đạo: a street address
            if self.title_at(i) is not None:
                continue  # Ông, Bác: a title cue, not a family name here
            if self.is_head(i) or any(len(ph.lows) >= 2 for _, ph in R.loc.match(self.toks, i)):
                continue  # Hoàng thành Thăng Long, Cù lao Chàm: a head or type word, not a family name
            if any(lv & {"country", "region", "natural"} for _e, _n, lv in self.gaz(i)):
                continue  # Châu Phi, Hà Lan …: a place, not a family name
            if t.first and (t.low in _NAME_STOPS or R.has("noun_before", t)):
                continue  # Từ Thành Đô, …: a preposition that starts the sentence
            j = self.person_run(i, cue=False)
            if j is None or (i, j) in seen:
                continue
            hits = self.gaz(i)
            if hits and hits[0][0] == j and hits[0][2] & {"country", "region", "natural"}:
                continue
            if self._type_and_place(i, j):
                continue  # Hồ Hòa Bình: the lake, not a person
            self.add_person(i, j)
        self._byline()

    def _type_and_place(self, i: int, j: int) -> bool:
        """The first word is also a type word (hồ, cầu …) and the rest a known place."""
        word = self.toks[i].low
        is_type = any(ph.lows == (word,) for _, ph in self.R.loc.match(self.toks, i)) or any(
            ph.lows == (word,) for _, ph in self.R.project.match(self.toks, i)
        )
        return is_type and any(e == j for e, _n, _l in self.gaz(i + 1))

    def _type_word_before(self, i: int) -> bool:
        R = self.R
        for back in (1, 2, 3):
            s = i - back
            if s < 0:
                break
            for e, ph in R.loc.match(self.toks, s):
                if e == i and _is_lower(self.toks[s]) and ph.data[0] != "landmark":
                    return True
            for e, ph in R.project.match(self.toks, s):
                if e == i and ph.case == "lower":
                    return True
        return self.low(i - 1) == "phố"

    def _signature_in_caps(self, i: int) -> None:
        """``(NGUYỄN THÀNH VINH)``: a reader's or author's name in capitals, alone in brackets."""
        if i == 0 or self.toks[i - 1].text != "(":
            return
        j = i
        while j < self.n and j - i < 5 and self.toks[j].kind == "w" and self.toks[j].text.isupper() and len(self.toks[j].text) >= 2 and self.toks[j].text.isalpha():
            j += 1
        if 2 <= j - i <= 4 and self.low(j) == ")":
            self.add_person(i, j)

    def _byline(self) -> None:
        if not self.n or not self.cap(0):
            return
        j = 0
        while j < self.n and j < 4 and self.cap(j) and not self.glued(j):
            j += 1
        if j < 2 or self.is_head(0) or not all(_name_word(t) for t in self.toks[:j]):
            return
        if any(e >= j for e, _n, _l in self.gaz(0)):
            return
        if j == self.n:
            if self.toks[0].low in self.R.surnames:
                self.add_person(0, j)  # a line that is only a name: a byline
            return
        if self.toks[j].text == "(":
            e = self.R.ctx("byline", self.toks, j + 1)
            if e is not None and self.low(e) == ")":
                self.add_person(0, j)
