"""Rules for projects and programmes (PROJECT): heads, roads, quoted names and lists.

A mixin of :class:`~dienbien_nlp.rules.engine._Line`: its methods read the line's tokens and tables through ``self``."""

from __future__ import annotations

from .tables import _NAME_STOPS, _UNITS
from .tokens import _is_cap, _is_lower, _name_word


class ProjectRules:
    """The project rules of a line."""

    def title_end(self, k: int, *, lower_start: bool, strong_head: bool = False, trim: bool = False) -> int | None:
        """End of a free title (of a project, scheme or work) starting at ``k``."""
        R = self.R
        t = self.tok(k)
        if t is None or self.glued(k):
            return None
        if not (_is_cap(t) or (lower_start and _is_lower(t))):
            return None
        j = k
        last_strong: int | None = k if strong_head else None
        stopped = False
        while j < self.n and j - k < 30:
            t = self.toks[j]
            if t.kind == "p":
                if t.text == "-" and j > k and self.tok(j + 1) is not None and self.toks[j + 1].kind != "p":
                    j += 1
                    continue
                if t.text in "/." and not t.sp and j > k and self.tok(j + 1) is not None and not self.toks[j + 1].sp and self.toks[j + 1].kind == "n":
                    j += 1
                    continue
                if t.text == "," and self._comma_continues(j + 1):
                    j += 1
                    continue
                break
            if (
                j > k
                and _is_lower(t)
                and R.ctx("title_stop", self.toks, j) is not None
                and not (_is_cap(self.toks[j - 1]) and R.compound(self.toks[j - 1].low, t.low))  # Dự bị
            ):
                stopped = True
                break
            j += 1
            if _is_cap(t) or (
                t.kind == "n"
                and not (self.tok(j) is not None and self.toks[j].low in _UNITS)
                and j - 2 >= k
                and (_is_cap(self.toks[j - 2]) or self.toks[j - 2].kind == "n" or self.toks[j - 2].low == "số")
            ):
                last_strong = j  # a capitalised word, or a number right after one (Quốc lộ 12D, Nghi Sơn 2)
            elif last_strong == j - 1 and R.compound(self.toks[j - 2].low, t.low):
                last_strong = j
        if j == k:
            return None
        if last_strong is None:
            return None  # a title names something: it has a capitalised word or a number
        if stopped or j - k >= 30 or (trim and not strong_head):
            if last_strong is None or last_strong <= k:
                return None
            after = self.tok(last_strong)
            if trim and last_strong - k == 1 and after is not None and _is_lower(after):
                return None  # chương trình Sách giáo khoa: one capitalised word of a lower-case phrase
            return last_strong
        return j

    def _comma_continues(self, p: int) -> bool:
        """After a comma, a short lower-case segment that ends the title goes on (``hành chính, chính trị tỉnh X``)."""
        t = self.tok(p)
        if t is None or not _is_lower(t):
            return False
        q = p
        while q < self.n and self.toks[q].kind != "p" and q - p <= 10:
            if _is_lower(self.toks[q]) and self.R.ctx("title_stop", self.toks, q) is not None:
                return False
            q += 1
        if q - p > 10 or q == p:
            return False
        nxt = self.tok(q)
        if nxt is not None and nxt.text not in ".;:)(," and nxt.text != '"':
            return False
        last = self.toks[q - 1]
        return _is_cap(last) or last.kind == "n"

    def road_number_at(self, k: int) -> int | None:
        t = self.tok(k)
        if t is None or t.kind != "n" or len(t.text) > 4:
            return None
        end = k + 1
        u = self.tok(end)
        if u is not None and u.kind == "w" and not u.sp and len(u.text) <= 2 and u.text.isupper():
            end += 1
        nxt = self.tok(end)
        if nxt is not None and nxt.kind == "w" and nxt.low in _UNITS:
            return None
        after = self.tok(end + 1)
        if nxt is not None and nxt.kind == "p" and nxt.text in "%/.," and not nxt.sp and after is not None and after.kind == "n" and not after.sp:
            return None  # 14,5 / 12/2024 / 1.000: a decimal, a date or a thousand
        return end

    def find_projects(self) -> None:
        R = self.R
        for i in range(self.n):
            t = self.toks[i]
            if t.kind == "p" or self.glued(i):
                continue
            for end, ph in R.project.match(self.toks, i):
                span, comp, descr, phrase = ph.data
                if comp != "quoted" and self.plural_before(i):
                    continue
                if len(ph.lows) == 1 and i > 0 and self.toks[i - 1].kind == "w" and R.compound(self.toks[i - 1].low, t.low):
                    continue  # yêu cầu, Yêu cầu, nhu cầu: the type word ends a common word
                start = i if span == "inside" else end
                got: int | None = None
                if comp == "name":
                    k = end
                    for d in range(descr + 1):
                        if self.cap(k + d):
                            if not (d and self.is_head(k + d)):  # sân bay đón | Thủ tướng …
                                e = self.name_end(k + d, number=True)
                                if e > k + d:
                                    got = e
                            break
                        dt = self.tok(k + d)
                        if dt is None or not _is_lower(dt) or dt.low in _NAME_STOPS or R.ctx("title_stop", self.toks, k + d) is not None:
                            break
                elif comp == "number":
                    got = self.road_number_at(end)
                    if got is not None:
                        self._road_list(got)
                elif comp == "street":
                    if self.cap(end) and self.toks[end].low in R.surnames:
                        e = self.cap_run(end)
                        if 2 <= e - end <= 4 and not any(
                            g == e and lv & {"province", "country"} for g, _n, lv in self.gaz(end)
                        ):
                            got = e  # đường Nguyễn Văn Linh, not đường Hà Nội
                    elif self.cap(end) and not self.is_head(end) and self.toks[end].low not in _NAME_STOPS:
                        e = self.cap_run(end)
                        if 1 <= e - end <= 4 and not any(
                            g >= e and lv & {"province", "country"} for g, _n, lv in self.gaz(end)
                        ):
                            got = e  # đường Pasteur, phố Hàng Bài, đường Láng
                    elif self.tok(end) is not None and self.toks[end].kind == "n":
                        u = self.tok(end + 1)
                        if u is not None and u.kind == "w" and not u.sp and u.low in ("m", "km"):
                            got = end + 2
                elif comp == "title":
                    if phrase == "Khu" and (t.first or len(ph.lows) == 1 and self._longer_head(i, end)):
                        continue
                    if self.low(end) == "luật" or (self.low(end) == "hành" and self.low(end + 1) == "động"):
                        continue  # draft laws and action programmes are documents
                    nt = self.tok(end)
                    if nt is None:
                        continue
                    if span == "outside" and not (_is_cap(nt) and _name_word(nt)):
                        continue  # chương trình THPT: a title starts with a capitalised word
                    if nt.low in R.surnames:
                        pe = self.cap_run(end)
                        if 2 <= pe - end <= 4 and not self.cap(pe):
                            continue  # chương trình Quách Hải Đạt …: a person, not a title
                    if span == "inside" and t.first and _is_lower(nt):
                        continue  # the capital only starts the sentence
                    lower_start = span == "inside"
                    got = self.title_end(
                        end, lower_start=lower_start, strong_head=len(ph.lows) >= 3, trim=span == "outside"
                    )
                elif comp == "quoted":
                    got = self._quoted(end)
                    if got is not None:
                        self.add(end + 1, got, "PROJECT", "project_pattern")
                    continue
                if got is None or got <= end and comp != "title":
                    continue
                if got is None or got <= start:
                    continue
                if any(e > end or e >= got for e, _n, _l in self.gaz(i)):
                    continue  # Cầu Giấy, Cầu Ngang: a place name starts here
                self.add(start, got, "PROJECT", "project_pattern")
        self._project_lists()

    def _longer_head(self, i: int, end: int) -> bool:
        R = self.R
        if i > 0 and _is_cap(self.toks[i - 1]):
            return True  # inside a longer capitalised name (Liên Khu ủy)
        return (
            any(e > end for e, _ in R.project.match(self.toks, i))
            or any(e > end for e, _ in R.loc.match(self.toks, i))
            or any(e > end for e, _ in R.org.match(self.toks, i))
        )

    def _road_list(self, p: int) -> None:
        """``Quốc lộ 14C, 19 và 25``: each further number is a road of its own."""
        while p < self.n:
            q = self.list_joint(p)
            if q == p:
                return
            e = self.road_number_at(q)
            if e is None:
                return
            self.add(q, e, "PROJECT", "project_pattern")
            p = e

    def _quoted(self, k: int) -> int | None:
        t = self.tok(k)
        if t is None or t.text != '"' or not self.cap(k + 1):
            return None
        q = k + 1
        while q < self.n and q - k <= 25:
            if self.toks[q].text == '"':
                return q if q > k + 1 else None
            q += 1
        return None

    def _project_lists(self) -> None:
        """Items of a list of works: ``các dự án … như: A; B; dự án C.``"""
        i = 0
        while i < self.n - 1:
            if not (
                (self.low(i), self.low(i + 1)) in (("dự", "án"), ("công", "trình"))
                and _is_lower(self.toks[i])
                and self.plural_before(i)
            ):
                i += 1
                continue
            c = i + 2
            while c < self.n and self.toks[c].text not in (":", ".", "!", "?") and c - i < 40:
                c += 1
            if c >= self.n or self.toks[c].text != ":":
                i += 1
                continue
            end = c + 1
            while end < self.n:
                t = self.toks[end]
                if t.text in "!?":
                    break
                if t.text == "." and (end + 1 >= self.n or (self.toks[end + 1].sp and self.cap(end + 1))):
                    break
                end += 1
            seps = [p for p in range(c + 1, end) if self.toks[p].text == ";"]
            if not seps:
                i = end
                continue
            bounds = [c, *seps, end]
            for a, b in zip(bounds, bounds[1:], strict=False):
                self._list_item(a + 1, b)
            i = end

    def _list_item(self, a: int, b: int) -> None:
        R = self.R
        while b > a and self.toks[b - 1].kind == "p" and self.toks[b - 1].text in ",.":
            b -= 1
        if b <= a:
            return
        if (self.low(a), self.low(a + 1)) in (("dự", "án"), ("công", "trình")) and _is_lower(self.toks[a]):
            a += 2
        cuts = [a]
        for p in range(a + 1, b - 1):
            if self.toks[p].text == "," and self.cap(p + 1):
                cuts.append(p + 1)
        cuts.append(b + 1)
        for s, e in zip(cuts, cuts[1:], strict=False):
            e = e - 1
            while e > s and self.toks[e - 1].kind == "p":
                e -= 1
            for p in range(s + 1, e):
                if self.low(p) == "trong" and self.cap(p + 1):
                    e = p
                    break
            if e <= s or e - s > 30:
                continue
            first = self.toks[s]
            if any(ph.data[0] == "landmark" for _, ph in R.loc.match(self.toks, s)):
                continue
            if any(g >= e for g, _n, _l in self.gaz(s)):
                continue
            if not (_is_cap(first) or any(ph.case == "lower" for _, ph in R.project.match(self.toks, s))):
                continue
            self.add(s, e, "PROJECT", "project_pattern")
