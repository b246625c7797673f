"""Document attributes in the exports: frequencies grouped by an attribute, attr_ columns, compared whole."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from test_export_tables import _expected_codings, build_coded, rows, uuids

from qualcode.errors import NotFoundError
from qualcode.service import Workbench


@pytest.fixture
def coded(workbench: Workbench, tmp_path: Path) -> Workbench:
    """The export tables' project: `interview` is in the south, wave 10; `other` has no site, wave 2."""
    build_coded(workbench, tmp_path)
    workbench.set_document_attributes("interview", {"site": "south", "wave": "10"})
    workbench.set_document_attributes("other", {"wave": "2"})
    return workbench


def test_frequencies_by_an_attribute_group_documents_by_its_value_and_the_missing_last(
    coded: Workbench,
) -> None:
    table = coded.frequencies(by="site", coder="ana")
    ids = uuids(coded)
    assert list(table.columns) == [
        "attr_site",
        "code",
        "code_uuid",
        "segments",
        "documents",
        "reviewed_segments",
        "percent_of_reviewed",
        "counting",
    ]
    assert rows(table) == [
        ["south", "approach", ids["approach"], 2, 1, 3, 66.67, "rollup"],
        ["south", "approach/relational", ids["approach/relational"], 1, 1, 3, 33.33, "rollup"],
        ["south", "approach/technical", ids["approach/technical"], 1, 1, 3, 33.33, "rollup"],
        ["south", "tone", ids["tone"], 1, 1, 3, 33.33, "rollup"],
        ["south", "tone/hopeful", ids["tone/hopeful"], 1, 1, 3, 33.33, "rollup"],
        ["south", "tone/critical", ids["tone/critical"], 0, 0, 3, 0.0, "rollup"],
        ["south", "power", ids["power"], 1, 1, 3, 33.33, "rollup"],
        ["(missing)", "approach", ids["approach"], 1, 1, 2, 50.0, "rollup"],
        ["(missing)", "approach/relational", ids["approach/relational"], 1, 1, 2, 50.0, "rollup"],
        ["(missing)", "approach/technical", ids["approach/technical"], 0, 0, 2, 0.0, "rollup"],
        ["(missing)", "tone", ids["tone"], 1, 1, 2, 50.0, "rollup"],
        ["(missing)", "tone/hopeful", ids["tone/hopeful"], 0, 0, 2, 0.0, "rollup"],
        ["(missing)", "tone/critical", ids["tone/critical"], 1, 1, 2, 50.0, "rollup"],
        ["(missing)", "power", ids["power"], 0, 0, 2, 0.0, "rollup"],
    ]


def test_documents_sharing_a_value_add_up_to_the_ungrouped_table(coded: Workbench) -> None:
    # Both documents in the north: the one group counts exactly what the whole project counts.
    coded.set_document_attributes("other", {"site": "north"})
    coded.set_document_attributes("interview", {"site": "north"})
    for count in ("rollup", "direct"):
        grouped = coded.frequencies(by="site", count=count)
        whole = coded.frequencies(count=count)
        assert rows(grouped) == [["north", *row] for row in rows(whole)]


def test_numeric_values_group_in_numeric_order_and_attr_names_the_attribute_too(coded: Workbench) -> None:
    by_document = coded.frequencies(by="document", coder="ben", count="direct")
    by_wave = coded.frequencies(by="attr_wave", coder="ben", count="direct")
    assert list(by_wave.columns)[0] == "attr_wave"
    # wave 2 (`other`) before wave 10 (`interview`), though "10" < "2" as text.
    relabelled = {"other": "2", "interview": "10"}
    expected = [[relabelled[row[0]], *row[1:]] for row in rows(by_document)]
    assert rows(by_wave) == sorted(expected, key=lambda row: int(row[0]))


def test_wide_frequencies_by_an_attribute_have_one_column_per_value(coded: Workbench) -> None:
    table = coded.frequencies(by="site", coder="ana", wide=True)
    ids = uuids(coded)
    assert list(table.columns) == ["code", "code_uuid", "counting", "south", "(missing)"]
    assert rows(table) == [
        ["approach", ids["approach"], "rollup", 2, 1],
        ["approach/relational", ids["approach/relational"], "rollup", 1, 1],
        ["approach/technical", ids["approach/technical"], "rollup", 1, 0],
        ["tone", ids["tone"], "rollup", 1, 1],
        ["tone/hopeful", ids["tone/hopeful"], "rollup", 1, 0],
        ["tone/critical", ids["tone/critical"], "rollup", 0, 1],
        ["power", ids["power"], "rollup", 1, 0],
    ]


def test_grouping_by_an_attribute_no_document_has_names_the_choices(coded: Workbench) -> None:
    message = (
        "--by region: no document has the attribute 'region'; "
        "group by one of: document, coder, speaker, site, wave"
    )
    with pytest.raises(NotFoundError, match=f"^{message}$"):
        coded.frequencies(by="region")


def test_codings_table_gains_one_attr_column_per_attribute_empty_where_a_document_lacks_it(
    coded: Workbench,
) -> None:
    chunks = list(coded.codings(chunk_rows=4))
    table = pd.concat(chunks, ignore_index=True)
    assert [list(chunk.columns)[-3:] for chunk in chunks] == [["quote", "attr_site", "attr_wave"]] * 3
    attributes = {"interview": ["south", "10"], "other": [None, "2"]}
    assert rows(table) == [[*row, *attributes[row[0]]] for row in _expected_codings(coded)]


def test_retrieval_table_gains_the_attr_columns(coded: Workbench) -> None:
    table = coded.retrieve("approach", "lee", None).table()
    assert list(table.columns)[-3:] == ["with_children", "attr_site", "attr_wave"]
    assert [(row[0], row[3], row[-2], row[-1]) for row in rows(table)] == [
        ("interview", 2, "south", "10"),
        ("interview", 4, "south", "10"),
        ("other", 2, None, "2"),
    ]
    north = coded.retrieve("approach", "lee", None, where=[("wave", "2")]).table()
    assert [(row[0], row[3], row[-2], row[-1]) for row in rows(north)] == [("other", 2, None, "2")]


def test_a_project_without_attributes_keeps_its_tables_as_they_were(
    workbench: Workbench, tmp_path: Path
) -> None:
    build_coded(workbench, tmp_path)
    [table] = list(workbench.codings())
    assert list(table.columns)[-1] == "quote"
    assert list(workbench.retrieve("approach", "lee", None).table().columns)[-1] == "with_children"
