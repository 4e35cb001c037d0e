"""Interface strings of the ontology page and the API page.

Merged into :data:`nghiquyet.server.i18n.STRINGS` (one table for every page).
"""

from __future__ import annotations

__all__ = ["STRINGS"]

STRINGS: dict[str, tuple[str, str]] = {
    # /ontology (server/ontology_docs.py)
    "onto.contents": ("Mục lục", "Contents"),
    "onto.about": ("Giới thiệu", "About"),
    "onto.namespace": ("Không gian tên", "Namespace"),
    "onto.version": ("Phiên bản", "Version"),
    "onto.licence": ("Giấy phép", "Licence"),
    "onto.formats": ("Tải bản thể học", "Download the ontology"),
    "onto.terms": ("{n} thuật ngữ", "{n} terms"),
    "onto.top": ("↑ Mục lục", "↑ Contents"),
    "onto.classes": ("Lớp", "Classes"),
    "onto.object_properties": ("Thuộc tính quan hệ", "Object properties"),
    "onto.datatype_properties": ("Thuộc tính giá trị", "Datatype properties"),
    "onto.annotation_properties": ("Thuộc tính chú thích", "Annotation properties"),
    "onto.schemes": ("Bộ khái niệm", "Concept schemes"),
    "onto.other_terms": ("Thuật ngữ khác", "Other terms"),
    "onto.subclass_of": ("Lớp con của", "Subclass of"),
    "onto.subproperty_of": ("Thuộc tính con của", "Subproperty of"),
    "onto.domain": ("Miền", "Domain"),
    "onto.range": ("Miền giá trị", "Range"),
    "onto.inverse_of": ("Ngược với", "Inverse of"),
    "onto.equivalent": ("Tương đương", "Equivalent to"),
    "onto.broader": ("Khái niệm rộng hơn", "Broader"),
    "onto.properties": ("Thuộc tính của lớp này", "Properties of this class"),
    "onto.concepts": ("Khái niệm", "Concepts"),
    "onto.notation": ("Ký hiệu", "Notation"),
    "onto.label": ("Nhãn", "Label"),
    "onto.definition": ("Định nghĩa", "Definition"),
    "onto.see_class": ("xem lớp", "see the class"),
    # /network's list view (server/network.py)
    "network.list": ("Danh sách phân công", "The assignments as a list"),
    "network.list_help": (
        "Cùng mạng lưới dưới dạng văn bản: mỗi cơ quan, vai trò của nó và việc được giao. Kéo, cuộn hoặc chụm "
        "ngón tay để di chuyển và phóng to hình vẽ phía trên.",
        "The same network as text: each body, its role and what it is assigned. Drag, scroll or pinch to move "
        "and zoom the drawing above.",
    ),
    "network.quote": ("trích dẫn", "quote"),
    # /api (server/api.py, queries/api-vi.yaml)
    "api.title": ("API truy vấn có tên", "Named queries API"),
    "api.intro": (
        "Các truy vấn SPARQL có tài liệu trên dữ liệu nghị quyết: gọi GET /api/<tên> với tham số có kiểu "
        "và nhận SPARQL JSON, bản ghi JSON hoặc CSV.",
        "Documented SPARQL queries over the resolutions: call GET /api/<name> with typed parameters and get "
        "SPARQL JSON, plain JSON records or CSV.",
    ),
    "api.machine": ("Mô tả cho máy", "Machine-readable description"),
    "api.usage": (
        "Chọn định dạng bằng ?format=json|records|csv hoặc tiêu đề Accept; phân trang bằng page và per_page "
        "(tối đa {max}), các trang nối nhau qua tiêu đề Link. Giá trị được gắn như số hạng RDF, không bao giờ "
        "chèn vào văn bản truy vấn; IRI có thể viết đầy đủ hoặc tương đối với gốc dữ liệu (province/lai-chau).",
        "Choose the format with ?format=json|records|csv or the Accept header; pages with page and per_page "
        "(at most {max}), linked by the Link header. Values are bound as RDF terms, never pasted into the "
        "query; IRIs may be written in full or relative to the dataset base (province/lai-chau).",
    ),
    "api.queries": ("Các truy vấn", "Queries"),
    "api.example": ("Ví dụ", "Example"),
    "api.parameter": ("Tham số", "Parameter"),
    "api.type": ("Kiểu", "Type"),
    "api.required": ("Bắt buộc", "Required"),
    "api.description": ("Mô tả", "Description"),
    "api.yes": ("có", "yes"),
    "api.no": ("không", "no"),
    "api.default": ("mặc định", "default"),
    "api.columns": ("Các cột kết quả", "Result columns"),
    "api.try": ("Chạy thử", "Try it"),
    "api.run": ("Chạy", "Run"),
    "api.per_page": ("Số dòng mỗi trang", "Rows per page"),
    "api.format": ("Định dạng", "Format"),
    "api.loading": ("Đang tải", "Loading"),
    "api.rows": ("dòng", "rows"),
    "api.failed": ("Yêu cầu thất bại", "Request failed"),
    "api.first": ("Trang đầu", "First"),
    "api.prev": ("Trang trước", "Previous"),
    "api.next": ("Trang sau", "Next"),
    "api.last": ("Trang cuối", "Last"),
    "api.type.iri": ("IRI", "IRI"),
    "api.type.enum": ("một trong", "one of"),
    "api.type.literal": ("văn bản", "text"),
    "api.type.year": ("năm", "year"),
    "api.type.integer": ("số nguyên", "integer"),
    "api.type.decimal": ("số", "number"),
    "api.type.lang_literal": ("văn bản có thẻ ngôn ngữ", "text with a language tag"),
}
