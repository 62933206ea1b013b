"""Rules for where a name ends, shared by the families: capitalised runs, person names, place names after type words, lists of names.

A mixin of :class:`~dienbien_nlp.rules.engine._Line`: its methods read the line's tokens and tables through ``self``."""

from __future__ import annotations

from .tables import _ADMIN_LEVELS, _NAME_STOPS, _UNITS
from .tokens import _is_cap, _is_lower, _name_word


class NameBounds:
    """Where the names of a line end."""

    def name_end(
        self, k: int, *, dash: bool = True, conj: bool = True, number: bool = False, limit: int = 12, org: bool = False
    ) -> int:
        """End of a capitalised name starting at ``k`` (``k`` itself when there is none).

        A name is capitalised words, places from the gazetteer (taken whole), the lower-case
        second syllable of a common two-syllable word right after a capitalised one
        (``Bách khoa``, ``Cộng sản``), the lower-case sequences of ``name_lower``
        (``quốc gia``, ``nhân dân``), dashes and ``và`` between capitalised parts. A family
        name starting a three-syllable tail is cut off (``Công ty ABC Nguyễn Văn A``).
        """
        R = self.R
        t = self.tok(k)
        if t is None or self.glued(k):
            return k
        if not (_is_cap(t) or (number and t.kind == "n")):
            return k
        if t.low in _NAME_STOPS or R.has("plural", t):
            return k  # Hội Các nhà …: a function word starts no name
        j = k
        last = k
        prev = ""
        count = 0
        while j < self.n and count < limit:
            t = self.toks[j]
            if j > k and self.glued(j):
                break
            if _is_cap(t):
                if prev == "place":
                    break  # a place ends a name (… Cần Thơ | Các …), unless a dash goes on
                if j > k and R.titles.match(self.toks, j):
                    break  # Ngày Thầy thuốc VN | Tiến sĩ Lê …
                unit = self.place_unit(j)
                if unit is not None:
                    j = unit
                    last = j
                    prev = "place"
                    count += 1
                    continue
                j += 1
                last = j
                prev = "cap"
                count += 1
                continue
            if t.kind == "n" and (number or prev in ("cap", "place")) and t.sp:
                # a trailing number (Trường THCS Nguyễn Du 2, cầu Văn Thánh 2) but never a year or a count
                nxt = self.tok(j + 1)
                if len(t.text) <= 2 and (
                    nxt is None
                    or (nxt.kind == "p" and not (not nxt.sp and nxt.text in "/.,:"))
                    or (number and _is_lower(nxt) and nxt.low not in _UNITS)
                ):
                    j += 1
                    last = j
                    prev = "num"
                    count += 1
                    continue
                break
            if _is_lower(t) and prev in ("cap", "low", "place"):
                e = R.ctx("name_lower", self.toks, j)
                if e is not None:
                    if self.low(j) == "phía":
                        if not self.cap(e):
                            break
                        j = e
                        prev = "conn"
                        continue
                    count += e - j
                    j = e
                    last = j
                    prev = "low"
                    continue
                if org and prev == "low":
                    e = R.ctx("org_field", self.toks, j)
                    if e is not None:
                        # a sentence-case organ name goes on in lower case: Trung tâm Tư vấn pháp lý,
                        # Đại học Khoa học xã hội và nhân văn (never after a name written all in capitals)
                        count += e - j
                        j = e
                        last = j
                        continue
                if prev == "cap" and R.compound(self.toks[j - 1].low, t.low):
                    j += 1
                    last = j
                    prev = "low"
                    count += 1
                    continue
                if (
                    prev == "cap"
                    and self.cap(j + 1)
                    and not self.glued(j + 1)
                    and t.low not in _NAME_STOPS
                    and R.ctx("title_stop", self.toks, j) is None
                    and not self.is_head(j + 1)
                ):
                    j += 1  # one lower-case syllable between capitalised words: Lọc dầu Dung Quất
                    prev = "low"
                    count += 1
                    continue
                if conj and t.low == "và" and self.cap(j + 1) and not self.is_head(j + 1) and not (org and prev != "low"):
                    j += 1
                    prev = "conn"
                    continue
                break
            if (
                t.kind == "p"
                and t.text == "-"
                and dash
                and prev in ("cap", "low", "place", "num")
                and self.cap(j + 1)
                and not R.org.match(self.toks, j + 1)
                and not R.titles.match(self.toks, j + 1)
            ):
                j += 1
                prev = "conn"
                continue
            break
        if org and last - k >= 3:
            # an organisation's name ends before a dash and a place (Trường THPT X - TPHCM)
            for p in range(k + 1, last - 1):
                if self.toks[p].text == "-" and any(g == last for g, _n, _l in self.gaz(p + 1)):
                    last = p
                    break
        return self.cut_person_tail(k, last)

    def cut_person_tail(self, k: int, last: int) -> int:
        """Cut a person's name off the end of a name (Công ty ABC | Nguyễn Văn A; UBND TP HCM | Lê Thanh Hải).

        Among the possible cuts, one that leaves a known place before it wins (Quảng Ninh | Cao
        Tường Huy, not Quảng | Ninh Cao Tường Huy), then one that leaves a three-syllable name.
        """
        cuts = [
            p
            for p in range(k + 1, last - 1)
            if self.toks[p].low in self.R.surnames
            and _is_cap(self.toks[p])
            and 2 <= last - p <= 4
            and all(_is_cap(x) and _name_word(x) for x in self.toks[p:last])
            and not any(e == last for e, _n, _l in self.gaz(p))
        ]
        if not cuts:
            return last
        for p in cuts:
            if any(e == p for e, _n, _l in self.gaz(k)):
                return p
        for p in cuts:
            if last - p == 3:
                return p
        return cuts[0]

    def _name_goes_on(self, e: int) -> bool:
        """A capitalised word at ``e`` continues the name before it (it starts no place or head)."""
        if not self.cap(e) or self.glued(e) or self.is_head(e):
            return False
        return not self.gaz(e) and not any(ph.data[0] in ("alias", "abbrev", "admin") for _, ph in self.R.loc.match(self.toks, e))

    def place_unit(self, j: int) -> int | None:
        """End of a place written as one unit at ``j``: a gazetteer name, ``TPHCM``, ``TP. Hồ Chí Minh``."""
        for end, ph in self.R.loc.match(self.toks, j):
            kind = ph.data[0]
            if kind == "alias":
                return end
            if kind == "abbrev":
                pe, _ = self.place_name(end)
                if pe > end:
                    return pe
        for end, _name, levels in self.gaz(j):
            nsyl = sum(1 for t in self.toks[j:end] if t.kind == "w")
            if nsyl < 2 and not levels & {"province", "country", "region"}:
                continue  # Thanh (a commune) in Hội Thanh niên is no place
            nxt = self.tok(end)
            if nsyl < 2 and nxt is not None and _is_lower(nxt) and self.R.compound(self.toks[end - 1].low, nxt.low):
                continue
            return end
        return None

    def cap_run(self, k: int, limit: int = 4) -> int:
        """End of a run of capitalised words (no heads inside) starting at ``k``."""
        j = k
        while j < self.n and self.cap(j) and not (j > k and (self.glued(j) or self.is_head(j))):
            j += 1
        j = self.cut_person_tail(k, j)
        return min(j, k + limit)

    def place_name(self, k: int, *, gaz_only: bool = False) -> tuple[int, str | None]:
        """A place name at ``k``: ``(end, gazetteer name or None)``; ``end == k`` if none."""
        # not "miền Trung" after "tỉnh"; not "Lê Thanh" when "Hải" follows
        hits = [h for h in self.gaz(k) if self.cap(k) and not self._name_goes_on(h[0])]
        if hits:
            return hits[0][0], hits[0][1]
        if gaz_only or not self.cap(k) or self.glued(k) or self.is_head(k):
            return k, None
        end = self.cap_run(k)
        if end > k and self.person_like(k, end) and end - k >= 3:
            return k, None
        nxt = self.tok(end)
        if end > k and nxt is not None and _is_lower(nxt) and self.R.compound(self.toks[end - 1].low, nxt.low):
            return k, None  # TP. Tuy nhiên: the capital starts a sentence, not a name
        return end, None

    def person_after(self, k: int) -> bool:
        """A person's full name starts at ``k`` and is all that follows in capitals (Bí thư Tỉnh ủy Điện Biên | Trần
        Quốc Cường): a family name and one to three more capitalised name words."""
        if self.low(k) not in self.R.surnames:
            return False
        j = k
        while j < self.n and j - k < 5 and self.cap(j) and not (j > k and self.glued(j)) and _name_word(self.toks[j]):
            j += 1
        return 2 <= j - k <= 4 and not self.cap(j)

    def person_like(self, i: int, j: int) -> bool:
        return self.toks[i].low in self.R.surnames and all(self.cap(x) for x in range(i, j))

    def admin_type_at(self, i: int) -> tuple[int, str, str] | None:
        """An administrative type word at ``i``: ``(end, canonical phrase, kind)``."""
        for end, ph in self.R.loc.match(self.toks, i):
            kind = ph.data[0]
            if kind not in ("admin", "abbrev"):
                continue
            nxt = self.tok(end)
            if nxt is not None and _is_lower(nxt) and self.R.compound(self.toks[end - 1].low, nxt.low):
                continue  # xã hội, tỉnh táo
            prev = self.tok(i - 1)
            if prev is not None and _is_lower(prev) and self.R.compound(prev.low, self.toks[i].low):
                continue  # hợp tác xã (checked on the last two syllables)
            if i >= 2 and self.R.compound(self.low(i - 2), self.low(i - 1), self.toks[i].low):
                continue
            return end, ph.data[2], kind
        return None

    def place_after(self, k: int, *, require_admin: bool) -> tuple[int, list[tuple[int, int]]] | None:
        """The place complement of an organ: ``(end, list items)`` or ``None``."""
        at = self.admin_type_at(k)
        if at is not None:
            tw_end = at[0]
            if self.low(tw_end) in ("các", "những") or self.generic_after(tw_end):
                return None
            end, _ = self.place_name(tw_end)
            if end == tw_end and self.tok(tw_end) is not None and self.toks[tw_end].kind == "n":
                end = tw_end + 1  # Phường 1
            items = self.list_items(end) if end > tw_end else []
            return end, items
        if require_admin:
            return None
        hits = self.gaz(k)
        if hits:
            for end, _name, levels in hits:
                if self.cap(end) and not self.glued(end) and not self.is_head(end) and not self.person_after(end):
                    continue  # the capitalised run goes on (Hội Thanh niên …), unless a person's name follows
                nsyl = sum(1 for t in self.toks[k:end] if t.kind == "w")
                if levels & {"province", "country", "region"} or (levels & _ADMIN_LEVELS and nsyl >= 2):
                    return end, []
            return None
        if self.cap(k) and not self.is_head(k) and not self.glued(k):
            end = self.cap_run(k, limit=3)
            if end > k and not (self.person_like(k, end) and end - k >= 2):
                return end, []
        return None

    def list_joint(self, p: int) -> int:
        """Past the joint between two items of a list at ``p`` (``,`` and/or ``và``/``hoặc``); ``p`` if none."""
        q = p
        if self.low(q) == ",":
            q += 1
        if self.low(q) in ("và", "hoặc"):
            q += 1
        return q

    def list_items(self, p: int) -> list[tuple[int, int]]:
        """Further names of a list sharing one type word: ``, Tuần Giáo, Phong Thổ`` / ``và Điện Biên``."""
        items: list[tuple[int, int]] = []
        while p < self.n:
            q = self.list_joint(p)
            if q == p:
                break
            hits = self.gaz(q)
            hit = next((h for h in hits if h[2] & (_ADMIN_LEVELS | {"region"})), None)
            if hit is None:
                break
            end = hit[0]
            if self.cap(end) and not self.is_head(end):
                break  # a longer capitalised name goes on
            items.append((q, end))
            p = end
        return items
