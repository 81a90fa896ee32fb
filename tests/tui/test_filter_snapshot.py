"""SVG snapshot of the filter line as it is typed: the query, the count of matches beside
it, and a term that means nothing named on the status line."""

from __future__ import annotations

from pilot_helpers import ready, until

from desk.tui.widgets.filter_bar import FilterBar


def test_filter_line_with_its_count_and_a_problem(snap_compare, make_app):
    async def type_query(pilot) -> None:
        await ready(pilot)
        await pilot.press("slash", *"putin OR dock status:aproved")
        bar = pilot.app.desk.query_one(FilterBar)
        await until(pilot, lambda: bar.value.endswith("aproved"))
        bar.cursor_blink = False

    assert snap_compare(make_app(), terminal_size=(120, 40), run_before=type_query)
