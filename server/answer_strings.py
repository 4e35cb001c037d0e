"""Interface strings of the answer panels on /id pages and of the progress pages' additions.

Merged into :data:`nghiquyet.server.i18n.STRINGS` (one table for every page); kept here so that
the answer pages' wording sits beside nothing else.
"""

from __future__ import annotations

__all__ = ["STRINGS"]

STRINGS: dict[str, tuple[str, str]] = {
    # a target's page
    "ans.target": ("Chỉ tiêu này", "This target"),
    "ans.indicator": ("Chỉ tiêu", "Indicator"),
    "ans.value": ("Mục tiêu", "Target value"),
    "ans.period": ("Thời hạn", "Period"),
    "ans.per_year": ("mỗi năm", "every year"),
    "ans.province": ("Tỉnh", "Province"),
    "ans.document": ("Văn bản", "Document"),
    "ans.quote": ("Nguyên văn", "Source text"),
    "ans.compare": ("So sánh các tỉnh", "Compare provinces"),
    "ans.progress": ("Tiến độ", "Progress"),
    "ans.status": ("Đánh giá", "Status"),
    "ans.reason": ("Căn cứ", "Because"),
    "ans.plans": ("Kế hoạch năm", "Annual plans"),
    "ans.actuals": ("Số liệu thực tế", "Actual figures"),
    "ans.baseline": ("Giá trị gốc", "Baseline"),
    "ans.none_yet": ("Chưa có số liệu thực tế nào cho chỉ tiêu này.", "No actual figure for this target yet."),
    "ans.no_plans": ("Chưa có kế hoạch năm nào nói về chỉ tiêu này.", "No annual plan reports on this target yet."),
    "ans.all_progress": ("Mọi chỉ tiêu của tỉnh trên trang tiến độ", "All the province's targets on the progress page"),
    "ans.see_progress": ("Xem trên trang tiến độ", "See it on the progress page"),
    "ans.chart": ("Biểu đồ tiến độ", "Progress chart"),
    "ans.latest_vs": ("số liệu mới nhất {value} ({period}), mục tiêu {bound}.",
                      "latest figure {value} ({period}), target {bound}."),
    "ans.expected": ("Theo lộ trình thẳng, năm {year} cần đạt {value}.", "A straight path needs {value} by {year}."),
    "ans.published_at": ("Nơi đăng văn bản", "Published at"),
    "ans.no_url": ("(kho văn bản không ghi địa chỉ trang)", "(the corpus records no page address)"),
    # programmes, tasks and bodies
    "ans.bodies": ("Cơ quan chịu trách nhiệm", "Responsible bodies"),
    "ans.body": ("Cơ quan", "Body"),
    "ans.role": ("Vai trò", "Role"),
    "ans.source": ("Nguồn", "Source"),
    "ans.quotes": ("Trích dẫn", "Quotes"),
    "ans.quote_n": ("trích dẫn {n}", "quote {n}"),
    "ans.assigned": ("Việc được giao", "What this body is given"),
    "ans.what": ("Chương trình, nhiệm vụ", "Programme or task"),
    "ans.role_count": ("{role}: {n}", "{role}: {n}"),
    # incoming links, grouped by kind
    "ans.incoming_help": (
        "Nhóm theo loại; chương trình, nhiệm vụ và chỉ tiêu đứng trước.",
        "Grouped by kind; programmes, tasks and targets first.",
    ),
    "ans.kind_other": ("khác", "other"),
    "ans.more": ("Xem cả {n} mục →", "See all {n} →"),
    "ans.all_kinds": ("← Mọi nhóm", "← All groups"),
    # progress pages
    "progress.legend": ("Chú giải", "Legend"),
    "progress.legend.target": ("mục tiêu (ô vuông đỏ)", "target (red square)"),
    "progress.legend.plan": ("kế hoạch năm (hình thoi tím)", "annual plan (purple diamond)"),
    "progress.legend.actual": ("số liệu thực tế (chấm xanh)", "actual figure (green dot)"),
    "progress.legend.hollow": ("chấm rỗng: dự báo hoặc bình quân nhiều năm",
                               "hollow dot: forecast or multi-year average"),
    "progress.legend.trajectory": ("đường nét đứt: lộ trình thẳng từ giá trị gốc",
                                   "dashed line: straight path from the baseline"),
    "progress.legend.status": ("Mã trạng thái số liệu (SDMX)", "Observation status codes (SDMX)"),
    "progress.no_chart": ("Chưa có số liệu — không vẽ biểu đồ.", "No data yet — no chart."),
    "progress.no_data_count": ("{n} chỉ tiêu chưa có số liệu", "{n} targets have no data yet"),
    "progress.document": ("Văn bản", "Document"),
    "progress.from": ("theo", "from"),
    "progress.source_url": ("Nguồn gốc văn bản", "Document source"),
    "progress.documents": ("Văn bản nguồn", "Source documents"),
    "progress.per_year": ("mỗi năm", "a year"),
    "progress.chart_for": ("Biểu đồ: {label}", "Chart: {label}"),
    "progress.to_page": ("Trang dữ liệu của chỉ tiêu", "The target's data page"),
    # chart tooltips (graph/statistics/chart.py takes them as words)
    "chart.target": ("mục tiêu {value} vào {year}", "target {value} by {year}"),
    "chart.target_range": ("mục tiêu {low}–{high} vào {year}", "target {low}–{high} by {year}"),
    "chart.trajectory": ("lộ trình thẳng từ giá trị gốc", "straight trajectory from the baseline"),
    "chart.plan": ("kế hoạch {period}: {value}", "plan {period}: {value}"),
    "chart.actual": ("{period}: {value}", "{period}: {value}"),
    "chart.status.E": ("ước tính", "estimated"),
    "chart.status.F": ("dự báo", "forecast"),
    "chart.status.P": ("sơ bộ", "provisional"),
    "chart.status.I": ("bù số liệu", "imputed"),
    "chart.status.B": ("chuỗi bị ngắt", "break in series"),
}
