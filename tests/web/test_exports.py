"""Downloads staff can open: the figures of one campaign or of all as an Excel workbook (numbers
as numbers, protected figures empty with a note, dates and times in the bot's zone) and as a
CSV for tools (";" and a decimal comma in Dutch, "," in English), the contacts for Excel (the
phone number as text), each named in the reader's language and written to the audit trail.
Over HTTP against the real dashboard, no browser; the workbooks are opened with openpyxl."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import aiohttp
import openpyxl
import pytest
from sqlmodel import select

from bot.db.models import AuditAction, AuditEvent, Campaign, utcnow
from bot.i18n import get_i18n, translate
from bot.pictures import spreadsheet
from bot.services import dashboard as service
from bot.services.campaigns.disclosure import HIDDEN, SMALL, WITHHELD
from bot.services.campaigns.stats import FUNNEL, LEVELS, CampaignStats
from bot.services.downloads import FiguresPart
from bot.web import workbook
from tests.web.conftest import Dashboard
from tests.web.seeding import Owners, campaign, organisation, sign_in, staff_member

STAFF = 971
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NOTES = {
    SMALL: "Fewer than five owners: not shown, so that no business can be singled out.",
    HIDDEN: "Hidden: with this figure, a figure under five could be worked out from the others.",
    WITHHELD: (
        "Not shown: the whole row is withheld, so that no figure under five can be worked out;"
        " its total is shown."
    ),
}

LEFT_OUT_WEEKS = (
    "Only the weeks in which an owner started or finished; in the other weeks, none did."
)
LEFT_OUT_QUESTIONS = (
    "Only the questions at which an owner is in progress or has stopped; at the other"
    " questions, none is."
)


@pytest.fixture
async def client(dashboard: Dashboard) -> AsyncIterator[aiohttp.ClientSession]:
    jar = aiohttp.CookieJar(unsafe=True)  # cookies of 127.0.0.1
    async with aiohttp.ClientSession(cookie_jar=jar) as session:
        yield session


async def seeded(dashboard: Dashboard) -> tuple[Campaign, Campaign]:
    """The staff member's organisation with two campaigns (one with owners), and another
    organisation's campaign."""
    ours = await organisation(dashboard, "Gemeente Almelo")
    await staff_member(dashboard, STAFF, ours)
    busy = await campaign(
        dashboard,
        organisation_id=ours,
        owner_id=STAFF,
        name="Ondernemersavond Súdwest",
        municipality="Almelo",
        owners=Owners(
            arrived=14,
            stopped={"sector": 3, "people_count": 2},
            levels=["trede_1"] * 5 + ["trede_2"] * 2,
            consents=[
                {"org_name": "Bakkerij Ilse", "contact_name": "Ilse", "phone": "0612345678"},
                {"org_name": "=HYPERLINK(1)", "contact_name": "Ab", "phone": "+31 6 1234"},
            ],
        ),
    )
    quiet = await campaign(
        dashboard, organisation_id=ours, owner_id=STAFF, name="Avond Hengelo", municipality="X"
    )
    theirs = await organisation(dashboard, "Werkgeversservicepunt Twente")
    await campaign(
        dashboard, organisation_id=theirs, owner_id=1, name="Hun avond", municipality="Enschede"
    )
    return busy, quiet


async def shown_figures(dashboard: Dashboard, found: Campaign) -> service.CampaignFigures:
    """The campaign's figures as the dashboard's pages show them."""
    async with dashboard.app.storage.sessionmaker() as session:
        return await service.figures(session, dashboard.app.settings, found)


async def post(
    client: aiohttp.ClientSession, url: str, csrf: str, language: str
) -> tuple[bytes, aiohttp.ClientResponse]:
    async with client.post(url, data={"csrf": csrf}, headers={"Accept-Language": language}) as r:
        assert r.status == 200, await r.text()
        return await r.read(), r


def attachment(response: aiohttp.ClientResponse) -> str:
    match = re.fullmatch(r'attachment; filename="([^"]+)"', response.headers["Content-Disposition"])
    assert match, response.headers["Content-Disposition"]
    return match.group(1)


async def audit(dashboard: Dashboard, action: AuditAction) -> list[AuditEvent]:
    async with dashboard.app.storage.sessionmaker() as session, session.begin():
        rows = await session.exec(select(AuditEvent).where(AuditEvent.action == action.value))
        return list(rows)


def table(sheet: Any) -> list[list[Any]]:
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def check_figure(cell: Any, shown: str) -> None:
    """A shown figure is that number; a protected one is empty, with a note saying why."""
    if shown.isdigit():
        assert cell.value == int(shown) and isinstance(cell.value, int), (cell.coordinate, shown)
        assert cell.comment is None
    else:
        assert cell.value is None, (cell.coordinate, shown, cell.value)
        assert cell.comment is not None and cell.comment.text == translate(NOTES[shown], "nl")


async def test_a_campaigns_workbook_in_dutch(dashboard: Dashboard, client: Any) -> None:
    busy, _quiet = await seeded(dashboard)
    csrf = await sign_in(dashboard, client, STAFF)
    url = f"{dashboard.base}/campaigns/{busy.id}/figures.xlsx"
    body, response = await post(client, url, csrf, "nl")
    assert response.headers["Content-Type"] == XLSX
    today = utcnow().astimezone(dashboard.app.settings.tz).date().isoformat()
    assert attachment(response) == f"cijfers-ondernemersavond-sudwest-{today}.xlsx"
    book = openpyxl.load_workbook(io.BytesIO(body))
    nl = [translate(name, "nl") for name in ("Funnel", "Per week", "Levels", "Where owners stop")]
    assert book.sheetnames == [*nl, translate("About", "nl")]
    figures = await shown_figures(dashboard, busy)
    cells = figures.cells

    # The funnel: one row, this campaign only; every figure a number or a noted empty cell.
    funnel = book[nl[0]]
    rows = table(funnel)
    assert len(rows) == 2 and rows[1][0] == "Ondernemersavond Súdwest"
    header = rows[0]
    assert funnel.freeze_panes == "A2" and funnel.auto_filter.ref
    for key, label in (
        ("arrived", "Arrived through the link"),
        ("started", "Started the scan"),
        ("finished", "Finished"),
        ("in_progress", "In progress"),
    ):
        at = header.index(translate(label, "nl")) + 1
        check_figure(funnel.cell(row=2, column=at), cells[key])
    assert cells["arrived"] == "14"  # what the page shows, so the workbook has a 14
    created = funnel.cell(row=2, column=header.index(translate("Created", "nl")) + 1)
    assert isinstance(created.value, datetime) and created.number_format == "dd-mm-yyyy"
    share = funnel.cell(
        row=2, column=header.index(translate("Finished of those who started (%)", "nl")) + 1
    )
    if cells["finished"].isdigit() and cells["started"].isdigit():
        assert share.value == pytest.approx(int(cells["finished"]) / int(cells["started"]))
        assert share.number_format == "0.0%"

    # The levels: two owners at Trede 2 are never shown, so that cell is empty with its note.
    levels = book[nl[2]]
    level_header = table(levels)[0]
    trede_2 = levels.cell(row=2, column=level_header.index("Trede 2") + 1)
    assert cells["level_trede_2"] == SMALL
    check_figure(trede_2, SMALL)
    for level, label in (("trede_1", "Trede 1"), ("trede_3", "Trede 3")):
        at = level_header.index(label) + 1
        check_figure(levels.cell(row=2, column=at), cells[f"level_{level}"])

    # Per week: Mondays as dates, each figure as the page shows it; a week in which nobody
    # started or finished has no row (the page's chart draws it), so the starters add up.
    weeks = book[nl[1]]
    week_rows = table(weeks)
    listed = [w for w in figures.weeks if (w.cells["started"], w.cells["finished"]) != ("0", "0")]
    assert len(week_rows) - 1 == len(listed) > 1
    started_column = week_rows[0].index(translate("Started the scan", "nl"))
    monday_column = week_rows[0].index(translate("Week of (Monday)", "nl")) + 1
    assert sum(row[started_column] for row in week_rows[1:]) == figures.stats.started
    for number, week in enumerate(listed, start=2):
        assert week_rows[number - 1][0] == "Ondernemersavond Súdwest"
        monday = weeks.cell(row=number, column=monday_column).value
        assert isinstance(monday, datetime) and monday.date() == week.start
        assert monday.weekday() == 0
        check_figure(weeks.cell(row=number, column=started_column + 1), week.cells["started"])

    # Where owners stop: the question in its own Dutch words, a row for each question the
    # page shows someone at (in progress or abandoned: not both 0), in progress apart from
    # abandoned, and the share of starters who stopped there.
    stops = book[nl[3]]
    stop_rows = table(stops)
    someone = [s for s in figures.stops if (s.cells["busy"], s.cells["stopped"]) != ("0", "0")]
    assert {s.question for s in someone} == {"sector", "people_count"}  # as seeded
    assert len(stop_rows) - 1 == len(someone)
    stop_header = stop_rows[0]
    question = stop_header.index(translate("Question", "nl"))
    in_progress = stop_header.index(translate("In progress", "nl")) + 1
    stopped = stop_header.index(translate("Abandoned", "nl")) + 1
    stop_share = stop_header.index(translate("Share of starters who stopped here", "nl")) + 1
    for number, stop in enumerate(someone, start=2):
        words = translate(stop.text, "nl")
        assert stop_rows[number - 1][question] == f"{words} ({translate(stop.label, 'nl')})"
        check_figure(stops.cell(row=number, column=in_progress), stop.cells["busy"])
        check_figure(stops.cell(row=number, column=stopped), stop.cells["stopped"])
        percent = stops.cell(row=number, column=stop_share)
        if stop.cells["stopped"].isdigit():
            assert percent.value == pytest.approx(stop.stopped / figures.stats.started)
        else:
            assert percent.value is None
    sector = next(n for n, stop in enumerate(someone, start=2) if stop.question == "sector")
    assert stops.cell(row=sector, column=in_progress).value is None  # three are at it: "<5"
    assert stops.cell(row=sector, column=stopped).value == 0  # exactly none stopped there

    # What it is, and when it was made, in Amsterdam's time; which weeks and questions have
    # no row.
    about = table(book[translate("About", "nl")])
    assert about[1][0] == translate("Made on ({zone})", "nl").format(zone="Europe/Amsterdam")
    explained = {row[0]: row[1] for row in about[1:]}
    assert explained[nl[1]] == translate(LEFT_OUT_WEEKS, "nl") != LEFT_OUT_WEEKS
    assert explained[nl[3]] == translate(LEFT_OUT_QUESTIONS, "nl") != LEFT_OUT_QUESTIONS
    made = about[1][1]
    assert isinstance(made, datetime)
    local_now = utcnow().astimezone(dashboard.app.settings.tz).replace(tzinfo=None)
    assert abs((local_now - made).total_seconds()) < 600

    # The download is in the audit trail, for this campaign.
    noted = await audit(dashboard, AuditAction.FIGURES_EXPORTED)
    assert [(e.actor_id, e.campaign_id) for e in noted] == [(STAFF, busy.id)]


async def test_the_workbook_of_all_campaigns_in_english(dashboard: Dashboard, client: Any) -> None:
    _busy, quiet = await seeded(dashboard)
    csrf = await sign_in(dashboard, client, STAFF)
    # A link from elsewhere (a GET) leads to the list and writes nothing.
    async with client.get(dashboard.base + "/figures.xlsx", allow_redirects=False) as response:
        assert response.status == 303
    body, response = await post(client, dashboard.base + "/figures.xlsx", csrf, "en")
    today = utcnow().astimezone(dashboard.app.settings.tz).date().isoformat()
    assert attachment(response) == f"figures-all-campaigns-{today}.xlsx"
    book = openpyxl.load_workbook(io.BytesIO(body))
    assert book.sheetnames == ["Funnel", "Per week", "Levels", "Where owners stop", "About"]
    funnel = table(book["Funnel"])
    # Their organisation's two campaigns, not another organisation's; no organisation column.
    assert sorted(row[0] for row in funnel[1:]) == ["Avond Hengelo", "Ondernemersavond Súdwest"]
    assert "Organisation" not in funnel[0]
    quiet_row = next(r for r, row in enumerate(funnel) if row[0] == "Avond Hengelo")
    arrived = funnel[0].index("Arrived through the link")
    shown = (await shown_figures(dashboard, quiet)).cells["arrived"]  # nobody arrived
    cell = book["Funnel"].cell(row=quiet_row + 1, column=arrived + 1)
    assert cell.value == (int(shown) if shown.isdigit() else None)
    assert book["About"]["A2"].value == "Made on (Europe/Amsterdam)"
    noted = await audit(dashboard, AuditAction.FIGURES_EXPORTED)
    assert [(e.actor_id, e.campaign_id) for e in noted] == [(STAFF, None)]


async def test_many_protected_cells_are_noted_as_the_cells_input_message(
    dashboard: Dashboard, client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past COMMENTS_UP_TO protected cells (all campaigns' weeks), each one's note is its
    input message: one per kind of note and sheet, shown when the cell is selected."""
    monkeypatch.setattr(workbook, "COMMENTS_UP_TO", 0)
    busy, _quiet = await seeded(dashboard)
    csrf = await sign_in(dashboard, client, STAFF)
    body, _response = await post(
        client, f"{dashboard.base}/campaigns/{busy.id}/figures.xlsx", csrf, "en"
    )
    levels = openpyxl.load_workbook(io.BytesIO(body))["Levels"]
    trede_2 = levels.cell(row=2, column=table(levels)[0].index("Trede 2") + 1)
    assert trede_2.value is None and trede_2.comment is None
    validations = levels.data_validations.dataValidation
    prompts = [dv for dv in validations if trede_2.coordinate in dv.sqref]
    assert len(prompts) == 1 and prompts[0].showInputMessage
    assert prompts[0].prompt == NOTES[SMALL] and prompts[0].promptTitle == "Protected"
    shown = [
        cell
        for cell in levels[2]
        if isinstance(cell.value, int)
        and any(cell.coordinate in dv.sqref for dv in levels.data_validations.dataValidation)
    ]
    assert shown == []  # no note on a figure that is shown


async def test_a_workbook_written_in_parts_is_the_workbook_written_at_once(
    dashboard: Dashboard, client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The figures of many campaigns go to the drawing worker a part at a time (PER_PART
    campaigns): the workbook is the same, row for row, as one written at once; each protected
    cell's note is on that cell (the rows of a part follow those before it); the columns are
    wide enough for the longest name, though it came in a later part; the download is noted
    once."""
    busy, quiet = await seeded(dashboard)
    third = await campaign(
        dashboard,
        organisation_id=busy.organisation_id or 0,
        owner_id=STAFF,
        name="Een bijzonder lange naam voor een ontbijtsessie",
        municipality="Hengelo",
        owners=Owners(arrived=9, stopped={"sector": 1}, levels=["trede_1"] * 6 + ["trede_3"]),
    )
    csrf = await sign_in(dashboard, client, STAFF)

    async def workbook_of_all() -> Any:
        body, _response = await post(client, f"{dashboard.base}/figures.xlsx", csrf, "en")
        return openpyxl.load_workbook(io.BytesIO(body))

    at_once = await workbook_of_all()
    monkeypatch.setattr(workbook, "PER_PART", 1)
    in_parts = await workbook_of_all()
    sheets = ["Funnel", "Per week", "Levels", "Where owners stop"]
    assert in_parts.sheetnames == at_once.sheetnames == [*sheets, "About"]
    for name in sheets:
        assert table(in_parts[name]) == table(at_once[name]), name
    levels = in_parts["Levels"]
    assert {row[0] for row in table(levels)[1:]} == {busy.name, quiet.name, third.name}
    assert levels.column_dimensions["A"].width >= len(third.name) + 2

    # At once, the few protected cells have comments; in parts (more than one), the same
    # cells have the input message of their kind, and no comment.
    for name in sheets:
        commented = {
            (cell.row, cell.column): cell.comment.text
            for row in at_once[name].iter_rows()
            for cell in row
            if cell.comment is not None
        }
        prompted = {
            (row, column): validation.prompt
            for validation in in_parts[name].data_validations.dataValidation
            for area in validation.sqref.ranges
            for row, column in area.cells
        }
        assert prompted == commented, name
        assert not any(cell.comment for row in in_parts[name].iter_rows() for cell in row)
    assert any(in_parts[name].data_validations.dataValidation for name in sheets)
    trede_2 = levels.cell(
        row=1 + [row[0] for row in table(levels)].index(busy.name),
        column=table(levels)[0].index("Trede 2") + 1,
    )
    assert trede_2.value is None and trede_2.comment is None
    noted_events = await audit(dashboard, AuditAction.FIGURES_EXPORTED)
    assert [(e.actor_id, e.campaign_id) for e in noted_events] == [(STAFF, None)] * 2


async def test_the_figures_csv_follows_the_readers_language(
    dashboard: Dashboard, client: Any
) -> None:
    busy, _quiet = await seeded(dashboard)
    csrf = await sign_in(dashboard, client, STAFF)
    cells = (await shown_figures(dashboard, busy)).cells
    today = utcnow().astimezone(dashboard.app.settings.tz).date().isoformat()
    url = f"{dashboard.base}/campaigns/{busy.id}/figures.csv"
    for language, delimiter, name in (
        ("nl", ";", f"cijfers-ondernemersavond-sudwest-{today}.csv"),
        ("en", ",", f"figures-ondernemersavond-sudwest-{today}.csv"),
    ):
        body, response = await post(client, url, csrf, language)
        assert attachment(response) == name
        text = body.decode("utf-8-sig")
        assert text.splitlines()[0].split(delimiter)[0] == translate("Campaign", language)
        rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
        assert len(rows) == 2  # the campaign of the page only
        header, row = rows
        assert row[0] == "Ondernemersavond Súdwest"
        for key in FUNNEL:
            label = {"arrived": "Arrived through the link", "started": "Started the scan"}.get(key)
            if label:
                assert row[header.index(translate(label, language))] == cells[key]
        share = row[header.index(translate("Finished of those who started (%)", language))]
        if cells["finished"].isdigit() and cells["started"].isdigit():
            percent = 100 * int(cells["finished"]) / int(cells["started"])
            expected = f"{percent:.1f}"
            assert share == (expected.replace(".", ",") if language == "nl" else expected)

    # All campaigns: every one the staff member sees, one row each.
    body, response = await post(client, dashboard.base + "/figures.csv", csrf, "nl")
    assert attachment(response) == f"cijfers-alle-campagnes-{today}.csv"
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    assert sorted(row[0] for row in rows[1:]) == ["Avond Hengelo", "Ondernemersavond Súdwest"]
    noted = await audit(dashboard, AuditAction.FIGURES_EXPORTED)
    assert [e.campaign_id for e in noted] == [busy.id, busy.id, None]


async def test_contacts_for_excel_keep_the_phone_as_text(dashboard: Dashboard, client: Any) -> None:
    busy, _quiet = await seeded(dashboard)
    csrf = await sign_in(dashboard, client, STAFF)
    body, response = await post(
        client, f"{dashboard.base}/campaigns/{busy.id}/contacts.xlsx", csrf, "nl"
    )
    today = utcnow().astimezone(dashboard.app.settings.tz).date().isoformat()
    assert attachment(response) == f"contacten-ondernemersavond-sudwest-{today}.xlsx"
    book = openpyxl.load_workbook(io.BytesIO(body))
    assert book.sheetnames == [translate("Contacts", "nl")]
    sheet = book.active
    header = [cell.value for cell in sheet[1]]
    given = translate("Consent given on ({zone})", "nl").format(zone="Europe/Amsterdam")
    assert given in header
    phone = header.index(translate("Phone", "nl")) + 1
    by_organisation = {sheet.cell(row=r, column=3).value: r for r in range(2, sheet.max_row + 1)}
    ilse = by_organisation["Bakkerij Ilse"]
    number = sheet.cell(row=ilse, column=phone)
    assert number.value == "0612345678" and number.data_type == "s"
    assert number.number_format == "@"  # still text when typed over
    # 08:30 UTC on 1 July is 10:30 in Amsterdam.
    assert sheet.cell(row=ilse, column=header.index(given) + 1).value == datetime(
        2026, 7, 1, 10, 30
    )
    # What an owner typed is text, never a formula.
    formula = sheet.cell(row=by_organisation["=HYPERLINK(1)"], column=3)
    assert formula.data_type == "s"
    noted = await audit(dashboard, AuditAction.CONTACTS_XLSX)
    assert [(e.actor_id, e.campaign_id) for e in noted] == [(STAFF, busy.id)]

    # The CSV in Dutch: ";" and the time in Amsterdam's, the zone named.
    body, response = await post(
        client, f"{dashboard.base}/campaigns/{busy.id}/contacts.csv", csrf, "nl"
    )
    assert attachment(response) == f"contacten-ondernemersavond-sudwest-{today}.csv"
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    assert given in rows[0]
    ilse_row = next(row for row in rows if "Bakkerij Ilse" in row)
    assert ilse_row[rows[0].index(given)] == "2026-07-01 10:30"
    assert ilse_row[rows[0].index(translate("Phone", "nl"))] == "0612345678"


def test_protected_cells_are_noted_as_few_rectangles() -> None:
    """Runs of protected cells along rows, stacked where equal runs follow each other: a
    column of "<5" down the weeks is one area of the note, not one per cell."""
    runs = [(2, 3, 5), (3, 3, 5), (4, 3, 5), (4, 7, 7), (5, 7, 7), (6, 3, 5), (7, 1, 1)]
    assert spreadsheet.areas(runs) == "C2:E4 G4:G5 C6:E6 A7"
    # Two levels protected every week and a third every other week: fewer down the columns.
    runs = [(2, 3, 4), (3, 3, 5), (4, 3, 4), (5, 3, 5)]
    assert spreadsheet.areas(runs) == "C2:D5 E3 E5"


async def test_quiet_weeks_and_questions_nobody_is_at_have_no_row() -> None:
    """Per week, a week in which nobody started or finished has no row; where owners stop, a
    question nobody is at (both 0) has none; a protected figure is never taken for a 0."""
    monday = date(2026, 11, 2)
    levels = {f"level_{level}": "0" for level in LEVELS}

    def week(n: int, started: int, finished: int) -> service.Week:
        shown = {**levels, "level_trede_1": str(finished) if finished >= 5 else SMALL}
        if not finished:
            shown = levels
        values = {"started": started, "finished": finished}
        return service.Week(
            monday + timedelta(weeks=n),
            {**values, **dict.fromkeys(levels, 0)},
            {"started": str(started), "finished": str(finished), **shown},
        )

    def stop(question: str, busy: str, stopped: str) -> service.Stop:
        return service.Stop(question, question, question, 0, 0, {"busy": busy, "stopped": stopped})

    found = Campaign(id=1, code="a1", name="Avond", municipality="Almelo", owner_id=1)
    found.created_at = datetime(2026, 11, 1, 9, 0)
    stats = CampaignStats(arrived=9, started=7, finished=6, in_progress=1)
    figures = service.CampaignFigures(
        found,
        stats,
        stats.cells(),
        [week(0, 4, 0), week(1, 0, 0), week(2, 0, 2), week(3, 3, 0), week(4, 0, 0)],
        [stop("sector", "0", "0"), stop("people_count", SMALL, "0"), stop("hours", "x", "x")],
    )

    async def in_one_part() -> AsyncIterator[FiguresPart]:
        yield FiguresPart([figures], last=True)

    i18n = get_i18n()
    with i18n.context(), i18n.use_locale("en"):
        body = await workbook.figures_xlsx(
            [found],
            in_one_part(),
            organisations={},
            zone="Europe/Amsterdam",
            made=datetime(2026, 12, 7, 12, 0, tzinfo=UTC),
            locale="en",
            title="Avond",
        )
    book = openpyxl.load_workbook(io.BytesIO(body))
    weeks = table(book["Per week"])
    monday_column = weeks[0].index("Week of (Monday)")
    assert [row[monday_column].date() for row in weeks[1:]] == [
        monday + timedelta(weeks=n) for n in (0, 2, 3)
    ]
    stops = table(book["Where owners stop"])
    question = stops[0].index("Question")
    assert [row[question] for row in stops[1:]] == ["people_count (people_count)", "hours (hours)"]
    about = {row[0]: row[1] for row in table(book["About"])[1:]}
    assert about["Per week"] == LEFT_OUT_WEEKS
    assert about["Where owners stop"] == LEFT_OUT_QUESTIONS
