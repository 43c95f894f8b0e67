"""Statistics for a manager: charts on the page, the same figures as CSV."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from kiosk.gateway.console import charts, stats_view
from kiosk.gateway.console.sessions import StaffSession
from kiosk.gateway.console.web import STAFF_PAGES, SECURITY_HEADERS, Forbidden, needs, parts_of, render

router = APIRouter(prefix="/stats", dependencies=STAFF_PAGES)
manager = needs("manager")


def _sources(request: Request) -> tuple[list, list]:  # type: ignore[type-arg]
    fed = parts_of(request).federation
    if fed is None:
        raise Forbidden("federation")
    return fed.stats.reports(), fed.store.list()


@router.get("")
def stats_page(request: Request, point: str = "", month: str = "",
               staff: StaffSession = Depends(manager)) -> Response:
    reports, requests = _sources(request)
    tz = parts_of(request).people.tz
    s = stats_view.summary(reports, requests, point=point, month=month, tz=tz)
    drawn = {
        "viewed": charts.bars(s["viewed"], title="查阅档案（按类型） Records viewed by type"),
        "printed": charts.bars(s["printed"], title="打印 Printed"),
        "by_point": charts.bars(s["by_point"], title="各服务点访问 Visits by point"),
        "by_month": charts.columns(s["by_month"], title="每月访问 Visits by month"),
        "by_hour": charts.columns(s["by_hour"], title="各时段访问 Visits by hour of day"),
        "ratings": charts.bars(s["ratings"], title="满意度 Ratings", label_width=60),
        "channels": charts.bars(s["requests_by_channel"], title="申请渠道 Requests by channel"),
    }
    return render(request, "stats.html", s=s, charts=drawn, point=point, month=month,
                  choices=stats_view.choices(reports, tz), status_labels=stats_view.STATUS_LABELS)


@router.get(".csv")
def stats_csv(request: Request, point: str = "", month: str = "",
              staff: StaffSession = Depends(manager)) -> Response:
    reports, _ = _sources(request)
    parts_of(request).audit_action(staff, "console.stats_exported", {"point": point, "month": month})
    body = "\ufeff" + stats_view.csv_text(reports, point=point, month=month, tz=parts_of(request).people.tz)  # BOM: spreadsheets read it as UTF-8
    return Response(body, media_type="text/csv; charset=utf-8",
                    headers={**SECURITY_HEADERS, "Content-Disposition": 'attachment; filename="statistics.csv"'})
