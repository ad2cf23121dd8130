"""Postcodes as people type them, and the ONS postcode directory as the council loads it."""

from __future__ import annotations

import io

import pytest

from local_offer.postcodes import batched, normalise_postcode, read_onspd


@pytest.mark.parametrize(
    ("typed", "postcode"),
    [
        ("M1 1AE", "M1 1AE"),  # A9 9AA
        ("B33 8TH", "B33 8TH"),  # A99 9AA
        ("CR2 6XH", "CR2 6XH"),  # AA9 9AA
        ("DN55 1PT", "DN55 1PT"),  # AA99 9AA
        ("W1A 0AX", "W1A 0AX"),  # A9A 9AA
        ("EC1A 1BB", "EC1A 1BB"),  # AA9A 9AA
        ("sw1a 1aa", "SW1A 1AA"),
        ("Bk1 2aB", "BK1 2AB"),
        ("SW1A1AA", "SW1A 1AA"),
        ("m11ae", "M1 1AE"),
        ("  SW1A   1AA  ", "SW1A 1AA"),
        ("S W 1 A 1 A A", "SW1A 1AA"),
        ("\tDN55\n1PT\r\n", "DN55 1PT"),
        ("SW1A\u00a01AA", "SW1A 1AA"),  # a no-break space, as pasted from a web page
    ],
)
def test_real_postcode_formats_are_normalised(typed: str, postcode: str) -> None:
    assert normalise_postcode(typed) == postcode


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "   ",
        "BK1",
        "12345",
        "BK1 2A",
        "BK1 2ABC",
        "BK 2AB",
        "1K1 2AB",
        "BK1 AAB",
        "BKK1 2AB",
        "BK123 2AB",
        "BK1 22B",
        "<script>alert(1)</script>",
        "BK1 2AB<script>",
        "BK1 2AB'; DROP TABLE postcode; --",
        "BK1-2AB",
        "BK1 2AB\x00",
        "ＢＫ１ ２ＡＢ",  # full-width letters and digits
        "BK١ ٢AB",  # Arabic-Indic digits
        "BK1 2AB" * 1000,
        "A" * 100_000,
    ],
)
def test_what_cannot_be_a_postcode_is_refused(typed: str) -> None:
    assert normalise_postcode(typed) is None


def onspd(text: str) -> io.StringIO:
    return io.StringIO(text.strip() + "\n")


def test_onspd_rows_give_normalised_postcodes_with_their_centroids() -> None:
    stream = onspd(
        """
pcd,pcd2,pcds,dointr,doterm,lat,long,oslaua
BK1 2AB,BK1  2AB,BK1 2AB,199801,,52.701234,-1.602345,E06000099
BK12 9ZZ,BK12 9ZZ,bk12 9zz,200104,,52.8,-1.5,E06000099
"""
    )
    assert list(read_onspd(stream)) == [
        ("BK1 2AB", 52.701234, -1.602345),
        ("BK12 9ZZ", 52.8, -1.5),
    ]


def test_onspd_skips_terminated_postcodes() -> None:
    stream = onspd(
        """
pcds,doterm,lat,long
BK1 2AB,,52.7,-1.6
BK1 2AC,201905,52.7,-1.6
BK1 2AD, 202001 ,52.7,-1.6
BK1 2AE,   ,52.71,-1.61
"""
    )
    assert [postcode for postcode, _, _ in read_onspd(stream)] == ["BK1 2AB", "BK1 2AE"]


def test_onspd_skips_postcodes_with_no_grid_reference() -> None:
    stream = onspd(
        """
pcds,doterm,lat,long
BK1 2AB,,99.999999,0.000000
BK1 2AC,,52.7,-1.6
"""
    )
    assert list(read_onspd(stream)) == [("BK1 2AC", 52.7, -1.6)]


def test_onspd_skips_rows_that_cannot_be_read() -> None:
    stream = onspd(
        """
pcds,lat,long
not a postcode,52.7,-1.6
BK1 2AB,,
BK1 2AC,north,west
BK1 2AD,52.7,-1.6
"""
    )
    assert list(read_onspd(stream)) == [("BK1 2AD", 52.7, -1.6)]


def test_onspd_without_a_doterm_column_keeps_every_postcode() -> None:
    stream = onspd("pcds,lat,long\nBK1 2AB,52.7,-1.6\n")
    assert list(read_onspd(stream)) == [("BK1 2AB", 52.7, -1.6)]


@pytest.mark.parametrize(
    ("header", "missing"),
    [
        ("pcd,lat,long", "pcds"),
        ("pcds,latitude,longitude", "lat, long"),
        ("pcds,lat", "long"),
        ("postcode,x,y", "lat, long, pcds"),
    ],
)
def test_a_file_without_the_onspd_columns_is_refused_clearly(header: str, missing: str) -> None:
    with pytest.raises(ValueError, match="not in the ONS postcode directory layout") as refused:
        list(read_onspd(onspd(header + "\nBK1 2AB,52.7,-1.6")))
    assert f"it has no {missing} column" in str(refused.value)


def test_an_empty_file_is_refused_clearly() -> None:
    with pytest.raises(ValueError, match="not in the ONS postcode directory layout"):
        list(read_onspd(io.StringIO("")))


def test_rows_are_loaded_in_batches_with_the_remainder_last() -> None:
    rows = [(f"BK1 {n}AB", 52.7, -1.6) for n in range(7)]
    assert [len(batch) for batch in batched(rows, 3)] == [3, 3, 1]
    assert [row for batch in batched(rows, 3) for row in batch] == rows
    assert list(batched([], 3)) == []


def test_rows_with_coordinates_off_the_globe_or_not_numbers_are_skipped() -> None:
    import io

    from local_offer.postcodes import read_onspd

    rows = (
        "pcds,lat,long\nBK1 1AA,52.7,-1.6\nBK1 1AB,nan,-1.6\nBK1 1AC,-200,400\nBK1 1AD,52.7,inf\n"
    )
    assert [row[0] for row in read_onspd(io.StringIO(rows))] == ["BK1 1AA"]
