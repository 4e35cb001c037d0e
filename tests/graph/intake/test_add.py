"""``nghiquyet add`` end to end: files and URLs in, ``<id>.txt`` + ``<id>.yaml`` out, then a build."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from nghiquyet.graph.cli import main
from nghiquyet.graph.commands.extract import document_meta, quantity_rows
from nghiquyet.graph.corpus import iter_corpus, load_meta
from nghiquyet.graph.extract import extract_document
from intake_pages import article_lines, article_pdf, news_page, quantity_keys


@pytest.fixture()
def sources(tmp_path: Path) -> dict[str, Path]:
    folder = tmp_path / "in"
    folder.mkdir()
    page = folder / "dai-hoi.html"
    page.write_text(news_page(article_lines()), encoding="utf-8")
    pdf = folder / "nghi-quyet.pdf"
    pdf.write_bytes(article_pdf(article_lines()[:1] + article_lines()[2:], title="Nghị quyết Đại hội XV tỉnh Lai Châu"))
    text = folder / "bai-viet.txt"
    text.write_text("\ufeff" + "\r\n".join(article_lines()[:1] + article_lines()[3:]), encoding="utf-8")
    return {"html": page, "pdf": pdf, "txt": text}


def _files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_add_html_pdf_and_text(sources: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus = tmp_path / "corpus"
    assert main(["add", str(sources["html"]), str(sources["pdf"]), str(sources["txt"]), "--corpus", str(corpus)]) == 0
    metas = iter_corpus(corpus)
    assert len(metas) == 3 and len(_files(corpus)) == 6
    page = next(m for m in metas if m.extra.get("source_site"))
    assert page.province == "Lai Châu"
    assert page.document_type == "CongressResolution"
    assert page.title == article_lines()[0]
    assert page.extra["congress"] == {"ordinal": 15, "term": [2025, 2030]}
    assert page.extra["publisher"] == "Báo Lai Châu"
    assert page.extra["published"] == "2025-10-16"
    assert page.extra["source_url"] == "https://baolaichau.example/chinh-tri/dai-hoi-xv-123.htm"
    raw = yaml.safe_load(page.path.with_suffix(".yaml").read_text(encoding="utf-8"))
    assert set(raw["inferred"]) == set(raw) - {"id", "file", "language", "inferred"}
    assert quantity_keys(page.text()) == quantity_keys("\n".join(article_lines()))
    pdf = next(m for m in metas if m.title == "Nghị quyết Đại hội XV tỉnh Lai Châu")
    assert pdf.text().strip().split("\n") == article_lines()[:1] + article_lines()[2:]
    plain = next(m for m in metas if m not in (page, pdf))
    assert "\r" not in plain.text() and not plain.text().startswith("\ufeff")
    assert "added" in capsys.readouterr().out


def test_same_text_twice_is_refused_with_the_existing_id(sources: dict[str, Path], tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    corpus = tmp_path / "corpus"
    assert main(["add", str(sources["html"]), "--corpus", str(corpus)]) == 0
    existing = iter_corpus(corpus)[0].id
    before = _files(corpus)
    copy = tmp_path / "again.html"
    copy.write_text(news_page(article_lines()), encoding="utf-8")
    capsys.readouterr()
    assert main(["add", str(copy), "--corpus", str(corpus)]) == 2
    assert existing in capsys.readouterr().err
    assert _files(corpus) == before


def test_duplicate_within_one_batch_is_refused(sources: dict[str, Path], tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    assert main(["add", str(sources["html"]), str(sources["html"]), "--corpus", str(corpus)]) == 2
    assert _files(corpus) == []


@pytest.mark.parametrize("name, content, message", [
    ("empty.txt", b"  \n", "empty document"),
    ("empty.html", b"<html><body><nav>Trang ch\xe1\xbb\xa7</nav></body></html>", "no main text"),
    ("fake.pdf", b"<html>not a pdf</html>", "not a PDF"),
    ("latin.txt", "Đại hội".encode("utf-16"), "not UTF-8"),
    ("doc.docx", b"PK\x03\x04", "unsupported file type .docx"),
])
def test_bad_input_exits_2_and_writes_nothing(sources: dict[str, Path], tmp_path: Path, name: str, content: bytes,
                                              message: str, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / name
    bad.write_bytes(content)
    corpus = tmp_path / "corpus"
    assert main(["add", str(sources["html"]), str(bad), "--corpus", str(corpus)]) == 2
    err = capsys.readouterr().err
    assert message in err and name in err
    assert _files(corpus) == []


def test_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["add", str(tmp_path / "nowhere.html"), "--corpus", str(tmp_path / "c")]) == 2
    assert "no such file" in capsys.readouterr().err


def test_add_from_a_url(web_server, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base, pages = web_server
    pages["/tin/dai-hoi.htm"] = (200, "text/html; charset=utf-8", news_page(article_lines()).encode("utf-8"))
    pages["/files/nq.pdf"] = (200, "application/pdf", article_pdf(article_lines()[2:]))
    corpus = tmp_path / "corpus"
    assert main(["add", f"{base}/tin/dai-hoi.htm", f"{base}/files/nq.pdf", "--corpus", str(corpus)]) == 0
    metas = iter_corpus(corpus)
    assert len(metas) == 2
    for meta in metas:
        assert quantity_keys(meta.text()) == quantity_keys("\n".join(line for line in article_lines()
                                                                      if line in meta.text()))
        assert meta.extra["retrieved"]
    pdf = next(m for m in metas if m.extra.get("source_url", "").endswith("/files/nq.pdf"))
    assert pdf.extra["source_site"] == "127.0.0.1"
    capsys.readouterr()
    assert main(["add", f"{base}/missing.htm", "--corpus", str(corpus)]) == 2
    assert "404" in capsys.readouterr().err


def test_extract_reads_html_and_pdf(sources: dict[str, Path]) -> None:
    text_rows = quantity_rows(extract_document(load_meta(_plain_copy(sources["html"].parent))))
    for kind in ("html", "pdf"):
        rows = quantity_rows(extract_document(document_meta(str(sources[kind]))))
        assert rows and all(r["province"] == "Lai Châu" for r in rows)
        keys = {(r["kind"], r["value"], r["unit"], r["quote"]) for r in rows}
        assert keys <= {(r["kind"], r["value"], r["unit"], r["quote"]) for r in text_rows}


def _plain_copy(folder: Path) -> Path:
    path = folder / "plain.txt"
    path.write_text("\n".join(article_lines()), encoding="utf-8")
    return path


def test_build_takes_added_documents(sources: dict[str, Path], tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    assert main(["add", str(sources["html"]), str(sources["pdf"]), "--corpus", str(corpus)]) == 0
    assert main(["--data-dir", str(tmp_path / "var"), "validate", "--corpus", str(corpus), "--quiet"]) == 0


def test_a_text_without_a_province_is_added_with_a_warning(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "khong-ro-tinh.txt"
    source.write_text("Kế hoạch năm 2026 của tỉnh\nGiao Ủy ban nhân dân tỉnh chủ trì thực hiện kế hoạch này.\n",
                      encoding="utf-8")
    corpus = tmp_path / "corpus"
    assert main(["add", str(source), "--corpus", str(corpus)]) == 0
    assert "no province or city found" in capsys.readouterr().err
    meta = iter_corpus(corpus)[0]
    assert meta.province is None and meta.document_type == "AnnualPlanArticle"
    assert meta.extra["plan_year"] == 2026
