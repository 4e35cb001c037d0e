"""Main text of saved news pages: clutter, scripts, CSS, alt text and captions stay out."""

from __future__ import annotations

import pytest

from nghiquyet.graph.errors import DocumentError
from nghiquyet.graph.intake.html import html_text
from intake_pages import article_lines, news_page, quantity_keys


def test_main_text_is_the_article_alone() -> None:
    text, meta = html_text(news_page(article_lines()), origin="page.html")
    for line in article_lines():
        assert line in text
    for clutter in ("100%", "50 ha", "30 ha", "Trang chủ", "Tin liên quan", "500 ha", "4.200", "dataLayer",
                    "Lượt truy cập", "max-width"):
        assert clutter not in text, clutter


def test_page_metadata() -> None:
    _, meta = html_text(news_page(article_lines()), origin="page.html")
    assert meta["title"] == article_lines()[0]
    assert meta["sitename"] == "Báo Lai Châu"
    assert meta["date"] == "2025-10-16"
    assert meta["url"] == "https://baolaichau.example/chinh-tri/dai-hoi-xv-123.htm"


def test_quantities_equal_the_plain_text(tmp_path) -> None:
    text, _ = html_text(news_page(article_lines()), origin="page.html")
    assert quantity_keys(text) == quantity_keys("\n".join(article_lines()))
    assert len(quantity_keys(text)) == 12


@pytest.mark.parametrize("page", ["<html><head><title>x</title></head><body></body></html>",
                                  "<html><body><nav><a href='/'>Trang chủ</a></nav></body></html>"])
def test_page_without_main_text_is_refused(page: str) -> None:
    with pytest.raises(DocumentError, match="no main text"):
        html_text(page, origin="empty.html")
