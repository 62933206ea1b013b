"""Rules for places (LOC): administrative units, natural places, landmarks and bare names.

A mixin of :class:`~dienbien_nlp.rules.engine._Line`: its methods read the line's tokens and tables through ``self``."""

from __future__ import annotations

from typing import Any

from ..text.keys import fold
from .tables import _ADMIN_LEVELS, _DIRECTIONS
from .tokens import _is_cap, _is_lower


class PlaceRules:
    """The place rules of a line."""

    def loc_attrs(self, name_key: str, type_word: str | None, level_hint: str | None) -> dict[str, Any]:
        place = self.R.gaz.best(name_key, type_word)
        if place is None:
            return {"admin_level": level_hint} if level_hint else {}
        attrs: dict[str, Any] = {"admin_level": place.admin_level}
        if place.code is not None:
            attrs["code"] = place.code
        if place.era is not None:
            attrs["era"] = place.era
            attrs["province_code"] = place.province_code
            other = [
                p
                for p in self.R.gaz.lookup(name_key, type_word)
                if p.era is not None and p.era != place.era and p.admin_level == place.admin_level and p.type_word == place.type_word
            ]
            if other:
                attrs["codes"] = {place.era: place.code, other[0].era: other[0].code}
        return attrs

    def add_loc(self, i: int, j: int, name_i: int, type_word: str | None, level: str | None, source: str) -> None:
        name_key = self.key_text(name_i, j)
        self.add(i, j, "LOC", source, self.loc_attrs(name_key, type_word, level))

    def blocked_name(self, i: int) -> bool:
        """Token ``i`` follows an ideology word (tư tưởng Hồ Chí Minh): no name there."""
        for back in (1, 2):
            if i - back >= 0:
                e = self.R.ctx("ideology", self.toks, i - back)
                if e == i:
                    return True
        return False

    def find_places(self) -> None:
        R = self.R
        for i in range(self.n):
            t = self.toks[i]
            if t.kind == "p" or self.glued(i):
                continue
            for end, ph in R.loc.match(self.toks, i):
                kind, level, phrase = ph.data
                if kind in ("admin", "abbrev"):
                    self._admin_place(i, end, kind, level, phrase)
                elif kind in ("natural", "gazonly"):
                    if _is_lower(t):
                        self._natural_place(i, end, kind, level, phrase)
                    elif kind == "natural":
                        # Sông Hồng, Hồ Hoàn Kiếm: a capitalised type word written as part of the name
                        for e, _nm, levels in self.gaz(end):
                            if levels & {"natural", "region"}:
                                self.add_loc(i, e, end, phrase, level, "place_pattern")
                                break
                elif kind == "junction":
                    self._junction(i, end)
                elif kind == "landmark":
                    if _is_cap(t):
                        e = self.landmark_at(i)
                        if e is not None:
                            self.add(i, e, "LOC", "place_pattern", {"admin_level": level})
                elif kind == "alias":
                    if not self.cap(end) and not self.glued(i):
                        self.add(i, end, "LOC", "place_pattern", {"admin_level": level})
                elif kind == "facility":
                    self._facility(i, end, level)
                elif kind == "state" and _is_cap(t):
                    for e, _nm, levels in self.gaz(end):
                        if "country" in levels:
                            self.add_loc(i, e, end, None, "country", "place_pattern")
                            break
            if t.kind == "w" and (_is_cap(t) or t.low in self.R.gidx.maxlen):
                self._bare_place(i)  # lower-case starts only for names like miền Trung, châu Á

    def _admin_place(self, i: int, end: int, kind: str, level: str, phrase: str) -> None:
        at = self.admin_type_at(i)
        if at is None or at[0] != end:
            return
        if kind == "abbrev" and any(ph.data[0] == "alias" for _, ph in self.R.loc.match(self.toks, i)):
            return  # TP.HCM is written as one unit
        t = self.toks[i]
        tw = phrase
        inside = kind == "abbrev" or (_is_cap(t) and fold(phrase).lower() != "thủ đô")
        k = end
        name_end, _ = self.place_name(k)
        if name_end == k:
            nt = self.tok(k)
            if nt is not None and nt.kind == "n" and kind == "admin" and (tw in ("phường", "quận") or level == "village"):
                self.add(i, k + 1, "LOC", "place_pattern", {"admin_level": level})
            return
        if self.blocked_name(k):
            return
        self.add_loc(i if inside else k, name_end, k, tw, level, "place_pattern")
        for a, b in self.list_items(name_end):
            self.add_loc(a, b, a, tw, level, "place_pattern")

    def _natural_place(self, i: int, end: int, kind: str, level: str, phrase: str) -> None:
        # the type word and name may together be a gazetteer name (biển Đông ~ Biển Đông)
        for e, _name, levels in self._gaz_ci(i):
            if e > end and not levels & _ADMIN_LEVELS:  # biển Đông ~ Biển Đông, but sông Mã is no district
                self.add_loc(i, e, i, None, None, "place_pattern")
                return
        hits = [h for h in self.gaz(end)]
        if hits:
            e = hits[0][0]
            self.add_loc(end, e, end, phrase, level, "place_pattern")
            return
        if kind == "gazonly" or not self.cap(end):
            return
        e = self.cap_run(end)
        if e > end and not self.blocked_name(end):
            if e - end == 1 and self.toks[end].low in ("đông", "tây", "nam", "bắc"):
                return
            self.add(end, e, "LOC", "place_pattern", {"admin_level": level})

    def _facility(self, i: int, end: int, level: str) -> None:
        """``chợ Long Biên``, ``mỏ Hòa Lộc``, ``trạm cân Dầu Giây``: the type word and the place name after it."""
        if self.plural_before(i) or self.glued(end) or not self.cap(end) or self.is_head(end) or self.person_after(end):
            return
        hits = self.gaz(end)
        if not hits and self.toks[i].first and _is_cap(self.toks[i]):
            return  # Chợ Tết …: at the start of a sentence only a known place is taken
        e = hits[0][0] if hits else self.cap_run(end, limit=3)
        if e > end and not self.blocked_name(end):
            self.add(i, e, "LOC", "place_pattern", {"admin_level": level})

    def _gaz_ci(self, i: int) -> list[tuple[int, str, frozenset[str]]]:
        """Gazetteer names at ``i`` matched without case (for a lower-case type word + name)."""
        size = self.R.gidx.maxlen.get(self.low(i))
        out = []
        if not size:
            return out
        for m in range(min(size, self.n - i), 1, -1):
            variants = self.R.gidx.by_lows.get(tuple(self.lows[i : i + m]))
            if variants and any(_is_cap(t) for t in self.toks[i : i + m]):
                out.append((i + m, variants[0][0].name, variants[0][1]))
        return out

    def _junction(self, i: int, end: int) -> None:
        k = end
        parts = 0
        e = k
        while True:
            pe, _ = self.place_name(e)
            if pe == e:
                break
            parts += 1
            e = pe
            if self.low(e) == "-" and self.cap(e + 1):
                e += 1
                continue
            break
        if parts == 1 and not any(g == e for g, _n, _l in self.gaz(k)):
            return  # ngã ba Lộ Tẻ: the junction's own name, marked as a place by itself
        if parts >= 1:
            # ngã ba Việt Nam - Lào - Trung Quốc, ngã tư Dầu Giây: without the type word the name would
            # denote the places, not the junction (guidelines 2.3.1)
            if self.toks[e - 1].text == "-":
                e -= 1
            self.add(i, e, "LOC", "place_pattern", {"admin_level": "region"})

    def landmark_at(self, i: int) -> int | None:
        """End of a landmark name starting with a capitalised head at ``i`` (Tượng đài …)."""
        if i in self._landmark_memo:
            return self._landmark_memo[i]
        self._landmark_memo[i] = None
        R = self.R
        best: int | None = None
        for end, ph in R.loc.match(self.toks, i):
            if ph.data[0] != "landmark" or not self.cap(i):
                continue
            k = end
            descr = False
            while True:
                e = R.ctx("landmark_descr", self.toks, k) or R.ctx("event_descr", self.toks, k)
                if e is None:
                    break
                k = e
                descr = True
            if descr and self.low(k) in ("tại", "ở"):
                k += 1
            got: int | None = None
            for cand in (self.event_at(k), self.landmark_at(k)):
                if cand is not None and (got is None or cand > got):
                    got = cand
            o = self.org_at(k)
            if o is not None and (got is None or o[0] > got):
                got = o[0]
            if got is None:
                pe, _ = self.place_name(k)
                ne = self.name_end(k, number=True)
                got = max(pe, ne)
                if got == k:
                    got = None
            if got is None:
                continue
            while self.low(got) == "-" and self.cap(got + 1):
                pe, _ = self.place_name(got + 1)
                if pe == got + 1:
                    break
                got = pe
            if best is None or got > best:
                best = got
        self._landmark_memo[i] = best
        return best

    def _bare_place(self, i: int) -> None:
        R = self.R
        if not self.gaz(i):
            return  # no gazetteer name starts here (the checks below only ever reject one)
        if self.blocked_name(i):
            return
        prev = self.tok(i - 1)
        if prev is not None and prev.kind == "n":
            return  # 161 Điện Biên Phủ: a street address
        cue = self.title_kind_before(i)
        if cue == "honorific":
            return  # ông Thanh Xuân: a person
        starts_with_cue = self.title_at(i)
        if starts_with_cue is not None and starts_with_cue[1] == "honorific":
            cue = "honorific"  # Anh Dũng, … : a form of address and a name (only countries pass)
        for end, name, levels in self.gaz(i):
            words = [t for t in self.toks[i:end] if t.kind == "w"]
            nsyl = len(words)
            surname = self.toks[i].low in R.surnames
            cap_before = prev is not None and _is_cap(prev) and not self.glued(i)
            before_cap = cap_before and not prev.first  # a capital that only starts the sentence does not count
            after_cap = self.cap(end) and not self.glued(end)
            exact = not before_cap and not after_cap
            ok = False
            level = None
            if levels & {"country", "region"}:
                if nsyl == 1:
                    ok = not cap_before and not after_cap and not (self.toks[i].first and name in R.given_country)
                    ok = ok and not self._language(i)
                    nxt = self.tok(end)
                    if nxt is not None and _is_lower(nxt) and R.compound(self.toks[i].low, nxt.low):
                        ok = False  # Anh văn, Pháp luật: a common word
                else:
                    ok = True
                level = "country" if "country" in levels else "region"
            elif "province" in levels:
                ok = not (surname and nsyl >= 3)
                level = "province"
            elif "district" in levels and nsyl >= 2:
                ok = not (surname and nsyl >= 3) and cue is None and not before_cap
                level = "district"
            elif "natural" in levels and nsyl >= 2:
                ok = not before_cap
                level = "natural"
            elif "commune" in levels and nsyl >= 2:
                ok = exact and not surname and cue is None and not all(w.low in _DIRECTIONS for w in words)
                level = "commune"
            if ok:
                self.add_loc(i, end, i, None, level, "gazetteer")
                return

    def _language(self, i: int) -> bool:
        """``tiếng Anh``, ``tiếng Anh, Nga, Pháp``: a language, not the country."""
        p = i - 1
        while p >= 0:
            t = self.toks[p]
            if self.R.has("not_country", t):
                return True
            if t.text in (",", "-", "và") and p >= 1 and self.cap(p - 1):
                p -= 2
                continue
            return False
        return False
