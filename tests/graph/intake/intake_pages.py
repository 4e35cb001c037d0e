"""Pages and PDFs built by the tests from a made-up article (written for these tests, not copied)."""

from __future__ import annotations

import html
from pathlib import Path

import pytest

ARTICLE = Path(__file__).resolve().parent / "fixtures" / "article.txt"
FONT_PLACES = ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/dejavu/DejaVuSans.ttf")


def article_lines() -> list[str]:
    return [line for line in ARTICLE.read_text(encoding="utf-8").split("\n") if line.strip()]


def news_page(lines: list[str]) -> str:
    """A saved news page: navigation, scripts, CSS, a photo with alt text and caption, related news."""
    title, *body = lines
    parts = []
    for line in body:
        tag = "h2" if line[:2].rstrip(".").isdigit() else "p"
        parts.append(f"<{tag}>{html.escape(line)}</{tag}>")
    parts.insert(2, '<figure class="photo"><img src="/img/che.jpg" alt="50 ha chè Tam Đường" width="100%">'
                    "<figcaption>Ảnh: Đồi chè 30 ha ở Tam Đường được trồng năm 2024.</figcaption></figure>")
    return f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8">
<title>{html.escape(title)} - Báo Lai Châu điện tử</title>
<meta property="og:title" content="{html.escape(title)}">
<meta property="og:site_name" content="Báo Lai Châu">
<meta property="article:published_time" content="2025-10-16T07:30:00+07:00">
<link rel="canonical" href="https://baolaichau.example/chinh-tri/dai-hoi-xv-123.htm">
<style>.container{{width:100%;max-width:1200px}} .banner{{height:90px;opacity:0.5}}</style>
<script>window.dataLayer = [{{"width": "100%", "ads": 25}}]; var rate = "75%";</script>
</head><body>
<header><nav><ul><li><a href="/">Trang chủ</a></li><li><a href="/kt">Kinh tế</a></li>
<li><a href="/xh">Xã hội 100%</a></li></ul></nav></header>
<div class="container" style="width:100%">
<main><article>
<h1>{html.escape(title)}</h1>
{chr(10).join(parts)}
<div class="share">Chia sẻ bài viết: Facebook | Zalo</div>
</article></main>
<aside class="related"><h3>Tin liên quan</h3><ul>
<li><a href="/a">Tam Đường trồng mới 500 ha cà phê chè trong năm 2025</a></li>
<li><a href="/b">Thu ngân sách đạt 4.200 tỷ đồng sau 9 tháng</a></li></ul></aside>
</div>
<footer><p>Bản quyền thuộc Báo Lai Châu. Lượt truy cập: 1.234.567</p></footer>
<script src="/js/app.js"></script>
</body></html>
"""


def font_path() -> str:
    for place in FONT_PLACES:
        if Path(place).is_file():
            return place
    pytest.skip("writing a Vietnamese PDF needs the DejaVu fonts (apt-get install fonts-dejavu-core)")


def article_pdf(lines: list[str], *, title: str | None = None) -> bytes:
    """A two-page PDF of ``lines`` in a narrow column, so paragraphs wrap over several lines."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_margins(30, 20, 60)
    pdf.add_font("DejaVu", "", font_path())
    pdf.set_font("DejaVu", size=10)
    if title:
        pdf.set_title(title)
    pdf.add_page()
    for number, line in enumerate(lines):
        if number == 4:
            pdf.add_page()
        pdf.multi_cell(0, 5, line, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
    return bytes(pdf.output())


def quantity_keys(text: str) -> list[tuple[str, ...]]:
    """What the extractor reads from ``text``: one sorted tuple of scored columns per quantity."""
    from nghiquyet.graph.extract.quantities import extract_quantities
    from nghiquyet.graph.extract.structure import parse_sections

    rows = extract_quantities(text, parse_sections(text), doc="article", province="Lai Châu")
    return sorted((r["kind"], r["comparator"], r["value"], r.get("value_max", ""), r["unit"], str(r["year"]),
                   r["annual"], r.get("section", ""), r["quote"]) for r in rows)
