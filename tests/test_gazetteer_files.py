"""Small GeoNames-format files written by the tests: the published format, a made-up subset.

Other test modules import `write_geonames`. Coordinates and codes follow GeoNames for the real
places; the neighbourhoods and villages exercise transliteration, context and country focus.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

# geonameid|name|asciiname|alternatenames|lat|lon|class|code|cc|admin1|admin2|population
_ROWS = """\
99237|Republic of Iraq|Republic of Iraq|Iraq,Irak|33.0|44.0|A|PCLI|IQ|00||38000000
92877|Nīnawá|Ninawa|Nineveh,Ninawa Governorate|36.2|42.5|A|ADM1|IQ|15||0
98180|Baghdād|Baghdad|Baghdad Governorate|33.3|44.3|A|ADM1|IQ|07||0
98410|Kirkūk|Kirkuk|At-Ta'mim|35.3|44.1|A|ADM1|IQ|13||0
89341|Al Başrah|Al Basrah|Basra Governorate|30.3|47.3|A|ADM1|IQ|02||0
9166649|Qaḑā’ al Mawşil|Qada' al Mawsil|Mosul District|36.4|43.0|A|ADM2|IQ|15|9166649|0
99072|Mosul|Mosul|Al Mawsil,al-Mawsil,Mossoul,Mawsil|36.335|43.11889|P|PPLA|IQ|15|9166649|1683000
98182|Baghdad|Baghdad|Bagdad,Baghdad City|33.34058|44.40088|P|PPLC|IQ|07||7216000
94787|Kirkuk|Kirkuk|Karkuk,Kerkuk|35.46806|44.39222|P|PPLA|IQ|13||1031000
99532|Al Başrah al Qadīmah|Al Basrah al Qadimah|Basra,Basrah|30.50316|47.81507|P|PPLA|IQ|02||2600000
10001|Ḩayy al Waḩdah|Hayy al Wahdah|Al Wahda,al-Wahdah|36.33|43.17|P|PPLX|IQ|15|9166649|0
10002|Al Waḩdah|Al Wahdah||30.55|47.75|P|PPLX|IQ|02||0
10003|Ḩayy al Intişār|Hayy al Intisar|Intisar,Al Intissar|36.32|43.18|P|PPLX|IQ|15|9166649|0
10004|As Salām|As Salam|Salam|36.3|43.19|P|PPLX|IQ|15|9166649|0
10005|Ash Shaymā’|Ash Shayma'|Shaimaa,Al Shaimaa'|36.31|43.17|P|PPLX|IQ|15|9166649|0
10010|Tall Abţah|Tall Abtah|Tal Abta|35.95|42.7|P|PPL|IQ|15||0
10011|Bashīr|Bashir|Basheer|35.3|44.3|P|PPL|IQ|13||0
10012|Bashīr|Bashir||33.1|44.6|P|PPL|IQ|07||0
10013|Qayyarah|Qayyarah|Al Qayyarah,Qayara|35.8|43.29|P|PPL|IQ|15||20000
10014|Camp Speicher|Camp Speicher|Speicher|34.64|43.54|S|MILB|IQ|18||0
10015|Jabal Sinjār|Jabal Sinjar|Sinjar Mountains|36.38|41.8|T|MTS|IQ|15||0
10016|Wadi Tharthar|Wadi Tharthar||34.5|43.2|H|WAD|IQ|18||0
286621|Salām|Salam||23.9|57.2|P|PPL|OM|04||5000
286963|Muscat|Muscat|Masqat|23.58|58.4|P|PPLC|OM|06||800000
706483|Kharkiv|Kharkiv|Kharkov,Charkiw,Kharkow|49.98|36.25|P|PPLA|UA|07||1421000
703448|Kyiv|Kyiv|Kiev,Kyyiv|50.45|30.52|P|PPLC|UA|12||2900000
"""


def main_table_lines() -> list[str]:
    lines = []
    for row in _ROWS.splitlines():
        gid, name, ascii_name, alts, lat, lon, fcl, fcode, cc, a1, a2, pop = row.split("|")
        cols = [gid, name, ascii_name, alts, lat, lon, fcl, fcode, cc, "", a1, a2, "", ""]
        lines.append("\t".join([*cols, pop, "", "0", "Asia/Baghdad", "2024-01-01"]))
    return lines


ADMIN1 = [
    "IQ.15\tNīnawá\tNinawa\t92877",
    "IQ.07\tBaghdād\tBaghdad\t98180",
    "IQ.13\tKirkūk\tKirkuk\t98410",
    "IQ.02\tAl Başrah\tAl Basrah\t89341",
    "IQ.18\tŞalāḩ ad Dīn\tSalah ad Din\t91695",
    "OM.04\tAsh Sharqiyah\tAsh Sharqiyah\t411735",
    "OM.06\tMuscat\tMuscat\t287286",
    "UA.07\tKharkivska Oblast\tKharkivska Oblast\t706482",
    "UA.12\tKyiv City\tKyiv City\t703447",
]
ADMIN2 = ["IQ.15.9166649\tQaḑā’ al Mawşil\tQada' al Mawsil\t9166649"]
COUNTRY_INFO = [
    "#ISO\tISO3\tISO-Numeric\tfips\tCountry\tCapital\tArea(in sq km)\tPopulation\tContinent\ttld"
    "\tCurrencyCode\tCurrencyName\tPhone\tPostal Code Format\tPostal Code Regex\tLanguages"
    "\tgeonameid\tneighbours\tEquivalentFipsCode",
    "IQ\tIRQ\t368\tIZ\tIraq\tBaghdad\t437072\t38433600\tAS\t.iq\tIQD\tDinar\t964\t#####\t\tar-IQ"
    "\t99237\tSY,SA,TR,IR,JO,KW\t",
    "OM\tOMN\t512\tMU\tOman\tMuscat\t212460\t4829483\tAS\t.om\tOMR\tRial\t968\t###\t\tar-OM"
    "\t286963\tSA,YE,AE\t",
    "UA\tUKR\t804\tUP\tUkraine\tKyiv\t603700\t44622516\tEU\t.ua\tUAH\tHryvnia\t380\t#####\t\tuk"
    "\t690791\tPL,MD,HU,SK,BY,RO,RU\t",
]
ALTERNATE_NAMES = [
    # id, geonameid, isolanguage, name, preferred, short, colloquial, historic, from, to
    "1\t10001\ten\tWahda neighbourhood\t\t\t\t\t\t",
    "2\t10003\t\tHay al-Intisar\t\t\t\t\t\t",
    "3\t10003\tlink\thttps://en.wikipedia.org/wiki/Intisar\t\t\t\t\t\t",
    "4\t99072\ten\tNinawa City\t\t\t\t1\t\t",  # historic: skipped
    "5\t555555\ten\tNowhere Town\t\t\t\t\t\t",  # a place not kept: skipped
    "6\t10013\tar\tالقيارة\t\t\t\t\t\t",  # not Latin: skipped
]
ADDED_CSV = """name,aliases,lat,lon,country,admin1,parent
Zuhur,al-Zuhour|Al Zuhoor,36.37,43.16,IQ,,Mosul
Gogjali,Kokjali,36.36,43.22,Iraq,Nineveh,Mosul
"""


def write_geonames(folder: Path, zipped: bool = True) -> dict[str, Path]:
    """Write a country dump (``IQ.zip`` holding ``IQ.txt``, or ``IQ.txt``), the codes files,
    countryInfo.txt, an alternate-names zip and a CSV of added places into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    text = "\n".join(main_table_lines()) + "\n"
    if zipped:
        main = folder / "IQ.zip"
        with zipfile.ZipFile(main, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("readme.txt", "GeoNames test extract\n")
            z.writestr("IQ.txt", text)
    else:
        main = folder / "IQ.txt"
        main.write_text(text, encoding="utf-8")
    (folder / "admin1CodesASCII.txt").write_text("\n".join(ADMIN1) + "\n", encoding="utf-8")
    (folder / "admin2Codes.txt").write_text("\n".join(ADMIN2) + "\n", encoding="utf-8")
    (folder / "countryInfo.txt").write_text("\n".join(COUNTRY_INFO) + "\n", encoding="utf-8")
    alternates = folder / "alternateNamesV2.zip"
    with zipfile.ZipFile(alternates, "w") as z:
        z.writestr("alternateNamesV2.txt", "\n".join(ALTERNATE_NAMES) + "\n")
        z.writestr("iso-languagecodes.txt", "ISO 639-3\tISO 639-2\tISO 639-1\tLanguage Name\n")
    added = folder / "my-places.csv"
    added.write_text(ADDED_CSV, encoding="utf-8")
    return {"main": main, "alternates": alternates, "added": added}


def test_written_files_have_the_published_columns(tmp_path: Path) -> None:
    files = write_geonames(tmp_path, zipped=False)
    rows = [line.split("\t") for line in files["main"].read_text(encoding="utf-8").splitlines()]
    assert rows and all(len(r) == 19 for r in rows)
    with zipfile.ZipFile(files["alternates"]) as z:
        assert all(
            len(r.split("\t")) == 10
            for r in z.read("alternateNamesV2.txt").decode().split("\n")
            if r
        )
