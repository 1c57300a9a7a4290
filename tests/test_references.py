"""references.bib: every journal article can be found again (volume, pages and a DOI, or a note saying why none).

Covers the whole file, so entries appended for any theme follow the same rule.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pybtex.database import parse_file

BIB = Path(__file__).resolve().parents[1] / "references.bib"
ENTRIES = parse_file(str(BIB)).entries  # pybtex refuses a file with a repeated key
ARTICLES = sorted(key for key, entry in ENTRIES.items() if entry.type.lower() == "article")


def test_the_file_has_articles_to_check():
    assert len(ARTICLES) >= 15


@pytest.mark.parametrize("key", ARTICLES)
def test_article_has_volume_pages_and_a_doi_or_a_reason(key):
    fields = {name.lower(): value.strip() for name, value in ENTRIES[key].fields.items()}
    missing = [name for name in ("journal", "year", "volume", "pages") if not fields.get(name)]
    assert not missing, f"{key}: missing {missing}"
    if "doi" in fields:
        assert fields["doi"].startswith("10.") and " " not in fields["doi"], f"{key}: malformed DOI {fields['doi']!r}"
    else:
        assert "doi" in fields.get("note", "").lower(), f"{key}: no DOI and no note saying why there is none"


@pytest.mark.parametrize("key", sorted(ENTRIES))
def test_every_entry_has_a_year(key):
    assert ENTRIES[key].fields.get("year", "").strip(), f"{key}: no year"


def test_issue_10_entries_are_complete():
    """The figures issue 10 named (volume(number):pages, DOI), as recorded from the journals."""
    expected = {
        "dunlap1988reliability": ("41", "2", "248--258"),
        "rueger2016meta": ("142", "10", "1017--1067"),
        "sherbourne1991mos": ("32", "6", "705--714"),
    }
    for key, (volume, number, pages) in expected.items():
        fields = ENTRIES[key].fields
        assert (fields["volume"], fields["number"], fields["pages"]) == (volume, number, pages), key
    assert ENTRIES["rueger2016meta"].fields["doi"] == "10.1037/bul0000058"
    assert ENTRIES["veiel1992meaning"].type == "incollection" and ENTRIES["veiel1992meaning"].fields["pages"]
