"""Text of PDFs: wrapped lines joined back into paragraphs, headings and list items kept apart."""

from __future__ import annotations

import pytest

from nghiquyet.graph.errors import DocumentError
from nghiquyet.graph.intake.pdf import join_wrapped_lines, pdf_text
from intake_pages import article_lines, article_pdf, quantity_keys


def test_pdf_text_has_every_paragraph_on_one_line() -> None:
    text, meta = pdf_text(article_pdf(article_lines(), title="Nghị quyết Đại hội XV"), origin="a.pdf")
    lines = text.strip().split("\n")
    assert lines == article_lines()
    assert meta["title"] == "Nghị quyết Đại hội XV"
    assert len(meta["date"]) == 10


def test_quantities_equal_the_plain_text() -> None:
    text, _ = pdf_text(article_pdf(article_lines()), origin="a.pdf")
    assert quantity_keys(text) == quantity_keys("\n".join(article_lines()))


@pytest.mark.parametrize("page, expected", [
    ("Tốc độ tăng trưởng kinh tế bình quân đạt từ 8% trở lên; thu nhập\nbình quân đầu người đạt 150 triệu đồng.",
     "Tốc độ tăng trưởng kinh tế bình quân đạt từ 8% trở lên; thu nhập bình quân đầu người đạt 150 triệu đồng."),
    ("Mục tiêu và chỉ tiêu chủ yếu của tỉnh trong nhiệm kỳ tới gồm có\n1. Tăng trưởng kinh tế",
     "Mục tiêu và chỉ tiêu chủ yếu của tỉnh trong nhiệm kỳ tới gồm có\n1. Tăng trưởng kinh tế"),
    ("Hội đồng nhân dân tỉnh quyết nghị thông qua các nội dung sau đây\nĐiều 1. Mục tiêu",
     "Hội đồng nhân dân tỉnh quyết nghị thông qua các nội dung sau đây\nĐiều 1. Mục tiêu"),
    ("Ngắn\ntiếp theo", "Ngắn\ntiếp theo"),
    ("Đại hội đại biểu Đảng bộ tỉnh lần thứ XV, nhiệm kỳ 2025\n- 2030 thông qua Nghị quyết\n- Tăng trưởng",
     "Đại hội đại biểu Đảng bộ tỉnh lần thứ XV, nhiệm kỳ 2025 - 2030 thông qua Nghị quyết\n- Tăng trưởng"),
])
def test_join_wrapped_lines(page: str, expected: str) -> None:
    assert join_wrapped_lines(page) == expected


def test_not_a_pdf_is_refused() -> None:
    with pytest.raises(DocumentError, match="cannot read as a PDF"):
        pdf_text(b"%PDF-1.4\nnot really", origin="broken.pdf")


def test_pdf_without_text_is_refused() -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    with pytest.raises(DocumentError, match="no text"):
        pdf_text(bytes(pdf.output()), origin="scan.pdf")
