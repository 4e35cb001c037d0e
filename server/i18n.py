"""Interface strings in Vietnamese and English (the one table, every page's), and the choice of interface language.

The language comes from ``?lang=`` (remembered in a cookie), then the cookie, then the
``Accept-Language`` header; Vietnamese is the default. Data labels are chosen separately
(:func:`pick_label`), preferring the interface language, then the other one, then any.
"""

from __future__ import annotations

from typing import Callable, Iterable

from flask import request

from nghiquyet.server.answer_strings import STRINGS as _ANSWER_STRINGS
from nghiquyet.server.page_strings import STRINGS as _PAGE_STRINGS

__all__ = ["LANGUAGES", "DEFAULT_LANGUAGE", "COOKIE", "STRINGS", "ui_language", "translate", "scoped", "pick_label"]

LANGUAGES: tuple[str, ...] = ("vi", "en")
DEFAULT_LANGUAGE = "vi"
COOKIE = "lang"

STRINGS: dict[str, tuple[str, str]] = {
    # key: (Vietnamese, English)
    "site.name": ("Nghị quyết — dữ liệu liên kết", "Nghị quyết — linked data"),
    "site.tagline": (
        "Đồ thị tri thức về nghị quyết đại hội Đảng bộ các tỉnh",
        "A knowledge graph of provincial Party-congress resolutions",
    ),
    "nav.home": ("Trang chủ", "Home"),
    "nav.query": ("Truy vấn SPARQL", "SPARQL query"),
    "nav.ontology": ("Bản thể học", "Ontology"),
    "nav.dumps": ("Tải dữ liệu", "Downloads"),
    "nav.void": ("Mô tả bộ dữ liệu (VoID)", "Dataset description (VoID)"),
    "nav.sparql": ("Điểm truy vấn SPARQL", "SPARQL endpoint"),
    "nav.language": ("Ngôn ngữ", "Language"),
    "nav.site": ("Các phần của trang", "Site sections"),
    "nav.progress": ("Tiến độ chỉ tiêu", "Progress"),
    "nav.indicators": ("Chỉ tiêu theo tỉnh", "Indicators"),
    "nav.network": ("Mạng lưới trách nhiệm", "Responsibilities"),
    "nav.api": ("API truy vấn", "Query API"),
    "search.label": ("Tìm trong nhãn và văn bản", "Search labels and source text"),
    "search.placeholder": ("Tìm, ví dụ: che phủ rừng", "Search, e.g. che phủ rừng"),
    "search.go": ("Tìm", "Search"),
    "search.title": ("Tìm kiếm", "Search"),
    "search.help": (
        "Tìm nguyên từ trong nhãn, tiêu đề, đề mục và toàn văn; có hay không có dấu đều được. "
        "Kết quả đúng nguyên văn và đúng dấu đứng trước.",
        "Finds whole words in labels, titles, headings and full texts, with or without diacritics. "
        "Exact matches and matches with the same diacritics come first.",
    ),
    "search.too_short": ("Hãy nhập ít nhất hai chữ cái hoặc chữ số.", "Type at least two letters or digits."),
    "search.count": ("{n} kết quả cho “{q}”", "{n} results for “{q}”"),
    "search.match.exact": ("khớp nguyên văn", "exact match"),
    "search.match.word": ("khớp đúng dấu", "same diacritics"),
    "search.match.folded": ("khớp không dấu", "without diacritics"),
    "search.in.label": ("nhãn", "label"),
    "search.in.prefLabel": ("tên", "name"),
    "search.in.altLabel": ("tên khác", "other name"),
    "search.in.title": ("tiêu đề", "title"),
    "search.in.name": ("tên", "name"),
    "search.in.indicatorLabel": ("cách diễn đạt chỉ tiêu", "indicator wording"),
    "search.in.heading": ("đề mục", "heading"),
    "search.in.text": ("toàn văn", "full text"),
    "home.holds": ("Bộ dữ liệu gồm", "What the dataset holds"),
    "home.documents": ("Văn bản nguồn", "Source documents"),
    "home.provinces": ("Tỉnh", "Provinces"),
    "home.counts": ("Số lượng theo loại", "Counts by kind"),
    "home.examples": ("Truy vấn mẫu", "Example queries"),
    "home.access": ("Truy cập dữ liệu", "Getting the data"),
    "home.no_documents": ("Chưa có văn bản nào được nạp.", "No documents have been loaded yet."),
    "home.version": ("Phiên bản dữ liệu", "Dataset version"),
    "home.explore": ("Khám phá", "Explore"),
    "home.progress": ("chỉ tiêu so với số liệu thực tế, theo tỉnh", "targets against the published figures, by province"),
    "home.indicators": ("chỉ tiêu các tỉnh cùng đặt, cạnh nhau", "the indicators the provinces target, side by side"),
    "home.network": ("cơ quan nào chủ trì, phối hợp, theo dõi việc gì", "which body leads, coordinates or monitors what"),
    "home.api": ("truy vấn có tài liệu, trả về JSON hoặc CSV", "documented queries answering JSON or CSV"),
    "home.programmes": ("Chương trình", "Programmes"),
    "home.open_in_editor": ("Mở trong trình soạn truy vấn", "Open in the query editor"),
    "col.kind": ("Loại", "Kind"),
    "col.title": ("Tiêu đề", "Title"),
    "col.province": ("Tỉnh", "Province"),
    "col.issued": ("Ngày", "Date"),
    "col.count": ("Số lượng", "Count"),
    "col.documents": ("Văn bản", "Documents"),
    "col.file": ("Tệp", "File"),
    "col.size": ("Dung lượng", "Size"),
    "col.modified": ("Cập nhật", "Modified"),
    "col.type": ("Định dạng", "Media type"),
    "res.types": ("Loại", "Types"),
    "res.properties": ("Thuộc tính", "Properties"),
    "res.property": ("Thuộc tính", "Property"),
    "res.value": ("Giá trị", "Value"),
    "res.incoming": ("Được tham chiếu bởi", "Referenced by"),
    "res.lineage": ("Sắp xếp đơn vị hành chính", "Administrative changes"),
    "res.valid_from": ("Có hiệu lực từ", "Valid from"),
    "res.valid_until": ("Có hiệu lực đến", "Valid until"),
    "res.predecessor": ("Đơn vị trước sắp xếp", "Predecessor"),
    "res.successor": ("Đơn vị kế thừa", "Successor"),
    "res.retained": ("Giữ nguyên khi sắp xếp", "Unchanged in the arrangement"),
    "res.change": ("Sự kiện", "Change"),
    "res.source_page": ("nguồn", "source"),
    "res.provenance": ("Nguồn gốc", "Provenance"),
    "res.quote": ("Trích dẫn", "Quote"),
    "res.chars": ("ký tự", "characters"),
    "res.show_in_source": ("Xem trong văn bản", "Show in the source"),
    "res.read_text": ("Đọc toàn văn", "Read the full text"),
    "res.formats": ("Định dạng khác", "Other formats"),
    "res.graph": ("Đồ thị", "Graph"),
    "res.text_omitted": ("(toàn văn — xem trang văn bản)", "(full text — see the document view)"),
    "res.no_incoming": ("Không có.", "None."),
    "res.of_fact": ("của", "for"),
    "res.this": ("tài nguyên này", "this resource"),
    "page.prev": ("← Trang trước", "← Previous"),
    "page.next": ("Trang sau →", "Next →"),
    "page.of": ("Trang {page} / {pages} ({total} mục)", "Page {page} of {pages} ({total} items)"),
    "src.title": ("Văn bản nguồn", "Source document"),
    "src.highlight": ("Đoạn được đánh dấu: ký tự {start}–{end}", "Highlighted span: characters {start}–{end}"),
    "src.jump": ("Đến đoạn được đánh dấu", "Jump to the highlighted span"),
    "src.resource": ("Trang dữ liệu của văn bản", "Data page of the document"),
    "src.bad_span": ("Đoạn yêu cầu nằm ngoài văn bản; không đánh dấu.", "The requested span is outside the text; nothing is highlighted."),
    "q.title": ("Truy vấn SPARQL", "SPARQL query"),
    "q.examples": ("Truy vấn mẫu", "Examples"),
    "q.choose": ("— chọn một truy vấn mẫu —", "— choose an example —"),
    "q.run": ("Chạy", "Run"),
    "q.permalink": ("Liên kết cố định", "Permalink"),
    "q.download": ("Tải kết quả", "Download"),
    "q.results": ("Kết quả", "Results"),
    "q.running": ("Đang chạy…", "Running…"),
    "q.rows": ("{n} dòng trong {ms} ms", "{n} rows in {ms} ms"),
    "q.triples": ("{n} bộ ba trong {ms} ms", "{n} triples in {ms} ms"),
    "q.ask": ("Câu trả lời trong {ms} ms", "Answered in {ms} ms"),
    "q.yes": ("Có (true)", "Yes (true)"),
    "q.no": ("Không (false)", "No (false)"),
    "q.error": ("Lỗi", "Error"),
    "q.error_at": ("Lỗi ở dòng {line}, cột {column}", "Error at line {line}, column {column}"),
    "q.prev": ("← Trang trước", "← Previous"),
    "q.next": ("Trang sau →", "Next →"),
    "q.page_of": ("Dòng {from}–{to} / {total} (trang {page}/{pages})", "Rows {from}–{to} of {total} (page {page} of {pages})"),
    "q.per_page": ("Số dòng mỗi trang", "Rows per page"),
    "q.sort": ("Sắp xếp theo cột này", "Sort by this column"),
    "q.hint": (
        "Ctrl+Space: gợi ý từ khoá, tiền tố và thuật ngữ của đồ thị · Ctrl+Enter: chạy truy vấn",
        "Ctrl+Space: suggest keywords, prefixes and the graph's terms · Ctrl+Enter: run the query",
    ),
    "q.kind_class": ("lớp", "class"),
    "q.kind_property": ("thuộc tính", "property"),
    "q.kind_resource": ("tài nguyên", "resource"),
    "q.kind_keyword": ("từ khoá", "keyword"),
    "q.noscript": (
        "Trình soạn cần JavaScript; bạn vẫn có thể gửi truy vấn thẳng tới điểm truy vấn:",
        "The editor needs JavaScript; you can still send the query straight to the endpoint:",
    ),
    "q.endpoint": ("Điểm truy vấn", "Endpoint"),
    "dumps.title": ("Tải dữ liệu", "Downloads"),
    "dumps.none": ("Chưa có tệp nào — hãy chạy “nghiquyet build”.", "No files yet — run “nghiquyet build”."),
    "void.title": ("Mô tả bộ dữ liệu (VoID)", "Dataset description (VoID)"),
    "void.missing": ("Chưa có mô tả VoID — hãy chạy “nghiquyet build”.", "No VoID description yet — run “nghiquyet build”."),
    "err.404": ("Không tìm thấy", "Not found"),
    "err.404.text": ("Không có tài nguyên nào với địa chỉ này.", "There is no resource at this address."),
    "err.400": ("Yêu cầu không hợp lệ", "Bad request"),
    "err.400.text": ("Yêu cầu có tham số sai; chi tiết bên dưới.", "The request has a wrong parameter; details below."),
    "err.405": ("Phương thức không được phép", "Method not allowed"),
    "err.406": ("Không có định dạng phù hợp", "Not acceptable"),
    "err.413": ("Yêu cầu quá lớn", "Request too large"),
    "err.429": ("Quá nhiều yêu cầu", "Too many requests"),
    "err.500": ("Lỗi máy chủ", "Server error"),
    "err.503": ("Máy chủ đang bận", "Service unavailable"),
    "err.other.text": ("Không thể trả lời yêu cầu này; chi tiết bên dưới.", "This request could not be answered; details below."),
    "err.detail": ("Chi tiết (tiếng Anh)", "Details"),
    "err.next": ("Bạn có thể về trang chủ hoặc tìm kiếm:", "You can go to the home page or search:"),
    "footer.licence": ("Dữ liệu trích từ văn bản công khai; mỗi dữ kiện dẫn nguồn.", "Data extracted from public texts; every fact cites its source."),
    # the responsibility network (server/network.py)
    "network.title": ("Mạng lưới trách nhiệm", "Responsibility network"),
    "network.intro": (
        "Cơ quan nào chủ trì, phối hợp, theo dõi, được giao hoặc được đề nghị phối hợp thực hiện "
        "chương trình, nhiệm vụ nào — mỗi cạnh dẫn nguồn trích dẫn.",
        "Which body leads, coordinates, monitors, is delegated or is asked to cooperate on which "
        "programme or task — every edge cites its source.",
    ),
    "network.province": ("Tỉnh", "Province"),
    "network.document": ("Văn bản", "Document"),
    "network.role": ("Vai trò", "Role"),
    "network.all": ("— tất cả —", "— all —"),
    "network.apply": ("Lọc", "Filter"),
    "network.legend": ("Chú giải", "Legend"),
    "network.details": ("Chi tiết", "Details"),
    "network.hint": ("Nhấn vào một nút để mở trang dữ liệu; nhấn vào một cạnh để xem trích dẫn.",
                     "Click a node to open its data page; click an edge to read its quote."),
    "network.downloads": ("Tải mạng lưới", "Download the network"),
    "network.noscript": ("Bản xem tương tác cần JavaScript; xem bản vẽ tĩnh:",
                         "The interactive view needs JavaScript; see the static drawing:"),
    "network.empty": ("Không có phân công nào khớp bộ lọc.", "No assignment matches the filters."),
    "network.loading": ("Đang tải…", "Loading…"),
    "network.role.lead": ("chủ trì", "lead"),
    "network.role.coordinate": ("phối hợp", "coordinate"),
    "network.role.monitor": ("theo dõi, đôn đốc", "monitor"),
    "network.role.delegate": ("được giao", "delegate"),
    "network.role.requested_partner": ("đề nghị phối hợp", "requested partner"),
    "network.cat.body": ("cơ quan", "body"),
    "network.cat.programme": ("chương trình", "programme"),
    "network.cat.task": ("nhiệm vụ", "task"),
    "network.cat.document": ("văn bản", "document"),
    "network.counts": ("{nodes} nút, {edges} cạnh", "{nodes} nodes, {edges} edges"),
    "network.source": ("Trang dữ liệu của phân công", "Data page of the assignment"),
    # progress towards the targets (server/progress.py)
    "progress.title": ("Tiến độ thực hiện chỉ tiêu", "Progress towards the targets"),
    "progress.intro": (
        "Mỗi chỉ tiêu được so với giá trị gốc, kế hoạch năm và số liệu thực tế mới nhất đã công bố.",
        "Each target is compared with its baseline, the annual plans and the latest published actual value.",
    ),
    "progress.indicator": ("Chỉ tiêu", "Indicator"),
    "progress.target": ("Mục tiêu", "Target"),
    "progress.baseline": ("Gốc", "Baseline"),
    "progress.plans": ("Kế hoạch", "Plans"),
    "progress.latest": ("Thực tế mới nhất", "Latest actual"),
    "progress.status": ("Đánh giá", "Status"),
    "progress.csv": ("Tải CSV", "Download CSV"),
    "progress.rules": ("Quy tắc đánh giá", "Rules"),
    "progress.empty": ("Chưa có chỉ tiêu nào.", "No targets yet."),
    "progress.charts": ("Biểu đồ", "Charts"),
    "progress.achieved": ("đã đạt", "achieved"),
    "progress.on track": ("đúng tiến độ", "on track"),
    "progress.at risk": ("có nguy cơ", "at risk"),
    "progress.off track": ("chậm tiến độ", "off track"),
    "progress.not achieved": ("không đạt", "not achieved"),
    "progress.no data": ("chưa có số liệu", "no data"),
    "progress.rule": ("Quy tắc", "Rule"),
}


STRINGS.update(_ANSWER_STRINGS)
STRINGS.update(_PAGE_STRINGS)


def ui_language() -> str:
    """The interface language of the current request."""
    asked = request.args.get("lang", "")
    if asked in LANGUAGES:
        return asked
    remembered = request.cookies.get(COOKIE, "")
    if remembered in LANGUAGES:
        return remembered
    return request.accept_languages.best_match(LANGUAGES, default=DEFAULT_LANGUAGE) or DEFAULT_LANGUAGE


def translate(key: str, lang: str, **values: object) -> str:
    """The string ``key`` in ``lang`` with ``{name}`` fields filled; unknown keys show themselves."""
    pair = STRINGS.get(key)
    if pair is None:
        return key
    text = pair[LANGUAGES.index(lang)] if lang in LANGUAGES else pair[0]
    return text.format(**values) if values else text


def scoped(prefix: str, lang: str) -> Callable[[str], str]:
    """``s(key)`` = the string ``prefix.key`` in ``lang`` (the key itself when there is none), for a page's templates."""
    def text(key: str) -> str:
        return translate(f"{prefix}.{key}", lang) if f"{prefix}.{key}" in STRINGS else key
    return text


def pick_label(labels: Iterable[tuple[str, str]], lang: str) -> str | None:
    """Best ``(text, language)`` label for ``lang``: same language, other UI language, untagged, any."""
    labels = list(labels)
    if not labels:
        return None
    order = [lang] + [other for other in LANGUAGES if other != lang] + [""]
    for wanted in order:
        for text, language in labels:
            if language.split("-")[0].lower() == wanted:
                return text
    return labels[0][0]
