"""The shipped data files: checksums, schemas, and clear refusals of damaged copies."""

from pathlib import Path

import pytest

from socialties import data


def test_shipped_files_match_their_checksums():
    results = data.verify_checksums()
    assert results, "SHA256SUMS lists no file"
    assert all(results.values()), results


@pytest.mark.parametrize("name, rows", [("socsupport", 95), ("jobs2", 899), ("buffering_sim", 500),
                                        ("gss_happiness", 17137), ("midtown_mental", 24)])
def test_shipped_data_sets_load_with_their_codebook(name, rows):
    frame = data.load(name)
    assert len(frame) == rows
    assert list(frame.columns) == [c.name for c in data.DATASETS[name].columns]


def _damaged_copy(tmp_path: Path, line_number: int, old: str, new: str) -> Path:
    lines = data.SOCSUPPORT.path.read_text(encoding="utf-8").splitlines()
    assert old in lines[line_number - 1]
    lines[line_number - 1] = lines[line_number - 1].replace(old, new, 1)
    target = tmp_path / "socsupport.csv"
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return target


def test_a_value_out_of_range_is_refused_with_file_row_and_column(tmp_path):
    lines = data.SOCSUPPORT.path.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].rsplit(",", 1)[0] + ",500"  # BDI, the last column, of the first data row
    damaged = tmp_path / "socsupport.csv"
    damaged.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(data.DataFileError) as caught:
        data.load("socsupport", damaged)
    message = str(caught.value)
    assert str(damaged) in message and "row 2" in message and "'BDI'" in message and "500" in message


def test_a_truncated_row_is_refused(tmp_path):
    lines = data.SOCSUPPORT.path.read_text(encoding="utf-8").splitlines()
    lines[10] = lines[10].rsplit(",", 3)[0]
    target = tmp_path / "socsupport.csv"
    target.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(data.DataFileError, match=r"row 11: 17 fields, expected 20"):
        data.load("socsupport", target)


def test_an_unknown_category_and_a_non_number_are_named(tmp_path):
    damaged = _damaged_copy(tmp_path, 3, "female", "femme")
    with pytest.raises(data.DataFileError, match=r"row 3, column 'gender': the value is 'femme'"):
        data.load("socsupport", damaged)
    damaged = _damaged_copy(tmp_path, 4, ",21,", ",twenty-one,")
    with pytest.raises(data.DataFileError, match=r"row 4, column 'emotional': the value is 'twenty-one', not a number"):
        data.load("socsupport", damaged)


def test_a_file_that_is_not_utf8_or_missing_is_refused(tmp_path):
    target = tmp_path / "socsupport.csv"
    target.write_bytes(b"gender,age\n\xff\xfe\n")
    with pytest.raises(data.DataFileError, match="not UTF-8"):
        data.load("socsupport", target)
    with pytest.raises(data.DataFileError, match="missing"):
        data.load("socsupport", tmp_path / "nothing.csv")


def test_the_error_shows_as_one_line_in_ipython():
    err = data.DataFileError("data/x.csv, row 3: bad")
    assert err._render_traceback_() == ["DataFileError: data/x.csv, row 3: bad"]


def test_the_gss_and_midtown_files_hold_what_their_codebooks_say():
    gss = data.load("gss_happiness")
    assert sorted(gss["year"].unique()) == [1994, 1996, 1998, 2000, 2002, 2004, 2006]
    assert gss["region"].nunique() == 9
    # The caution in data/README.md: `widowed` cannot separate the widowed from everyone else.
    assert set(gss["widowed"].dropna()) == {"iap", "yes"} and (gss["widowed"] == "yes").sum() == 378
    assert str(gss["educ"].dtype) == "Int64" and gss["educ"].isna().sum() == 44
    midtown = data.load("midtown_mental")
    assert midtown["Freq"].sum() == 1660
    table = midtown.pivot(index="ses", columns="mental", values="Freq")
    impaired_share = table["Impaired"] / table.sum(axis=1)
    assert round(impaired_share[1], 3) == 0.176 and round(impaired_share[6], 3) == 0.327


def test_a_damaged_gss_row_is_named(tmp_path):
    lines = data.GSS_HAPPINESS.path.read_text(encoding="utf-8").splitlines()
    lines[4] = lines[4].replace("middle atlantic", "atlantis", 1)
    target = tmp_path / "gss_happiness.csv"
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(data.DataFileError, match=r"row 5, column '(reg16|region)': the value is 'atlantis'"):
        data.load("gss_happiness", target)
