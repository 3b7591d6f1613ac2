"""The CAMEO/PLOVER ontology: the bundled tables, the loader's checks, and agreement
with the reference tables in ../shared (skipped when ../shared is absent)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from casus.components.resources import Resources
from casus.errors import DataError
from casus.ontology import QUADS, Ontology, default_ontology, load_ontology

from .conftest import SHARED, need_shared

ONTOLOGY_DIR = Path(__file__).resolve().parents[1] / "src" / "casus" / "ontology"
GOLDSTEIN = SHARED / "data" / "cameo" / "CAMEO.goldsteinscale.txt"
ROOT_QUADS = SHARED / "data" / "cameo" / "cameo_root_goldstein_quadclass.tsv"
CAMEO2PLOVER = SHARED / "data" / "plover" / "CAMEO2PLOVER-2021.txt"

PLOVER_TYPES = {
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
}

# --- Deliberate differences from CAMEO2PLOVER-2021.txt (also listed in cameo_plover.tsv) ---

# Codes in the 2021 table that casus leaves out: ICEWS-era refinements of 121 that are not
# in GDELT's Goldstein table, so they have no Goldstein value and are not in cameo.tsv.
NOT_IN_CASUS = {"1213", "1214"}

# code -> (PLOVER type casus uses, why it differs from the 2021 table)
TYPE_DIFFERENCES = {
    "163": (
        "SANCTION",
        "embargo/boycott/sanctions: the manual codes international sanctions as SANCTION "
        "'discontinue' and maps root 16 to SANCTION; the table's COERCE is an outlier",
    ),
}

# Old 2021 mode names -> today's mode ("" = no mode), per PLOVER type.
MODE_RENAMES = {
    ("THREATEN", "ban"): "restrict",
    ("THREATEN", "political"): "restrict",
    ("COERCE", "ban"): "restrict",
    ("RETREAT", "ease"): "",
    ("RETREAT", "return"): "",
    ("ASSAULT", "assassinate"): "targeted",
    ("ASSAULT", "massacre"): "targeted",
    ("ASSAULT", "cleansing"): "",
    ("ASSAULT", "pro_autocracy"): "",
    ("ASSAULT", "seize"): "destroy",
}

# code -> (mode casus uses, why it differs from the renamed 2021 mode)
MODE_DIFFERENCES = {
    "163": ("discontinue", "follows the type change above"),
    "105": ("yield", "a demand to give way is REQUEST 'yield' (as 1051-1056)"),
    "124": ("yield", "refusing to give way is REJECT 'yield' (as 1243-1246)"),
    "1241": ("yield", "refusing to ease sanctions is REJECT 'yield'"),
    "1242": ("yield", "refusing to ease dissent is REJECT 'yield'"),
    "183": ("explosives", "183 is any non-military bombing, not only suicide attacks"),
    "195": ("aerial", "aerial weapons have their own ASSAULT mode today"),
}


# --- the bundled files ----------------------------------------------------------------


@pytest.fixture(scope="module")
def ontology() -> Ontology:
    return default_ontology()


def _tsv_codes(name: str, column: int = 0) -> list[str]:
    lines = (ONTOLOGY_DIR / name).read_text("utf-8").splitlines()
    cells = [line.split("\t") for line in lines if line.strip() and not line.startswith("#")]
    return [row[column] for row in cells[1:]]


def test_loader_reads_bundled_files(ontology: Ontology) -> None:
    assert len(ontology.codes) == 311
    resources = Resources()
    assert resources.ontology is resources.ontology  # read once, then kept
    assert load_ontology(ONTOLOGY_DIR).codes.keys() == ontology.codes.keys()
    assert "Ontology(311" in repr(ontology)


def test_every_mapped_code_is_a_cameo_code_and_vice_versa() -> None:
    cameo = _tsv_codes("cameo.tsv")
    mapped = _tsv_codes("cameo_plover.tsv")
    assert len(cameo) == len(set(cameo))
    assert len(mapped) == len(set(mapped))
    assert set(mapped) <= set(cameo)
    assert set(cameo) <= set(mapped), "every CAMEO code has a row, even without a type"


def test_codes_form_a_hierarchy(ontology: Ontology) -> None:
    for code in ontology.codes:
        if len(code) > 2:
            assert code[:-1] in ontology.codes, f"{code} has no parent"
    assert sum(len(code) == 2 for code in ontology.codes) == 20


def test_quad_class_follows_the_root(ontology: Ontology) -> None:
    expected = {1: range(1, 6), 2: range(6, 10), 3: range(10, 15), 4: range(15, 21)}
    for code, entry in ontology.codes.items():
        assert int(code[:2]) in expected[entry.quad_class], code
        assert -10.0 <= entry.goldstein <= 10.0


def test_the_sixteen_plover_types(ontology: Ontology) -> None:
    assert set(ontology.types) == PLOVER_TYPES
    for plover_type in ontology.types.values():
        assert plover_type.quad in QUADS
        assert plover_type.description
        cooperative = QUADS.index(plover_type.quad) < 2
        assert (plover_type.score > 0) if cooperative else (plover_type.score <= 0)
    recipients = {name for name, t in ontology.types.items() if t.requires_recipient}
    assert recipients == {"COOPERATE", "AID", "SANCTION"}
    assert ontology.types["SANCTION"].quad == "material conflict"
    assert ontology.types["ASSAULT"].modes["unconventional"] == -10.0
    assert ontology.types["PROTEST"].modes["vandalize"] == ontology.types["PROTEST"].score
    assert {"military", "diplomatic", "repression", "cbrn"} <= set(ontology.contexts)


def test_plover_quad_agrees_with_cameo_quad(ontology: Ontology) -> None:
    """A CAMEO code's quad class and its PLOVER type's quad usually agree; list the rest."""
    crossing = {
        code
        for code, entry in ontology.codes.items()
        if entry.plover_type
        and QUADS.index(ontology.types[entry.plover_type].quad) + 1 != entry.quad_class
    }
    # PLOVER regroups four CAMEO roots: appeals (02, verbal cooperation in CAMEO) become
    # REQUEST, verbal conflict; the CONCEDE part of yield (08, material cooperation) is
    # verbal; investigations (09, material cooperation) are ACCUSE, verbal conflict; and
    # protests (14, verbal conflict) are material conflict.
    assert {code[:2] for code in crossing} == {"02", "08", "09", "14"}, sorted(crossing)
    assert all(
        ontology.cameo(code).plover_type == "CONCEDE" for code in crossing if code[:2] == "08"
    )


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("190", ("ASSAULT", None)),
        ("0871", ("RETREAT", "ceasefire")),
        ("173", ("COERCE", "arrest")),
        ("036", ("AGREE", None)),
        ("040", ("CONSULT", None)),
        ("041", ("CONSULT", "phone")),
        ("112", ("ACCUSE", "disapprove")),
        ("1121", ("ACCUSE", "allege")),
        ("0233", ("REQUEST", "assist")),
        ("145", ("PROTEST", "riot")),
        ("163", ("SANCTION", "discontinue")),
        ("186", ("ASSAULT", "targeted")),
        ("2042", ("ASSAULT", "unconventional")),
    ],
)
def test_known_mappings(ontology: Ontology, code: str, expected: tuple[str, str | None]) -> None:
    assert ontology.plover(code) == expected


def test_specific_facts(ontology: Ontology) -> None:
    assert ontology.quad_class("190") == 4
    assert ontology.goldstein("190") == -10.0
    assert ontology.goldstein("0874") == 10.0
    assert ontology.goldstein("13") == -6.0 and ontology.goldstein("130") == -4.4
    assert ontology.plover("010") is None
    assert ontology.plover("01") is None
    assert ontology.plover("02") == ("REQUEST", None)
    assert ontology.cameo("1822").name == "torture"
    assert ontology.cameo(" 0871 ").code == "0871"
    assert ontology.cameo("0233").contexts == ("human_security",)
    assert ontology.cameo("094").contexts == ("military", "legal")


def test_unknown_code_raises(ontology: Ontology) -> None:
    for bad in ("999", "1213", "", "abc"):
        with pytest.raises(DataError, match="unknown CAMEO code"):
            ontology.cameo(bad)
    with pytest.raises(DataError):
        ontology.plover("2099")


def test_ontology_is_read_only(ontology: Ontology) -> None:
    with pytest.raises(TypeError):
        ontology.codes["999"] = ontology.cameo("190")  # type: ignore[index]
    with pytest.raises(TypeError):
        ontology.types["ASSAULT"].modes["new"] = 1.0  # type: ignore[index]


# --- corrupted copies -----------------------------------------------------------------


def _copy(tmp_path: Path) -> Path:
    for name in ("cameo.tsv", "cameo_plover.tsv", "plover.yaml"):
        shutil.copy(ONTOLOGY_DIR / name, tmp_path / name)
    return tmp_path


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


def _line_of(path: Path, prefix: str) -> int:
    lines = path.read_text("utf-8").splitlines()
    return next(n for n, line in enumerate(lines, start=1) if line.startswith(prefix))


def test_copy_loads(tmp_path: Path) -> None:
    assert len(load_ontology(_copy(tmp_path)).codes) == 311


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("190\tASSAULT\t", "190\tASSASSINATE\t", "unknown PLOVER type 'ASSASSINATE'"),
        ("0871\tRETREAT\tceasefire", "0871\tRETREAT\ttruce", "RETREAT has no mode 'truce'"),
        ("1724\tCOERCE\tmartial-law\tpro_autocracy", "1724\tCOERCE\tmartial-law\tjunta", "junta"),
        ("010\t\t", "010\t\tvisit", "without a PLOVER type"),
        ("2042\t", "2099\t", "'2099' is not in cameo.tsv"),
    ],
)
def test_corrupted_mapping_raises_with_line(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    directory = _copy(tmp_path)
    path = directory / "cameo_plover.tsv"
    _edit(path, old, new)
    line = _line_of(path, new)
    with pytest.raises(DataError, match=re.escape(message)) as caught:
        load_ontology(directory)
    assert caught.value.where == f"cameo_plover.tsv:{line}"


def test_duplicate_mapping_raises(tmp_path: Path) -> None:
    directory = _copy(tmp_path)
    path = directory / "cameo_plover.tsv"
    path.write_text(path.read_text("utf-8") + "190\tASSAULT\t\t\n", "utf-8")
    with pytest.raises(DataError, match="mapped twice"):
        load_ontology(directory)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("190\tuse conventional military force\t-10.0\t4", "190\tfight\t-10.0\t3", "quad_class"),
        ("190\tuse conventional military force\t-10.0", "190\tfight\t-12.5", "outside"),
        ("190\tuse conventional military force\t-10.0", "190\tfight\tlots", "not a number"),
        ("0871\t", "871x\t", "not a CAMEO event code"),
    ],
)
def test_corrupted_cameo_raises(tmp_path: Path, old: str, new: str, message: str) -> None:
    directory = _copy(tmp_path)
    _edit(directory / "cameo.tsv", old, new)
    with pytest.raises(DataError, match=message) as caught:
        load_ontology(directory)
    assert caught.value.where is not None and caught.value.where.startswith("cameo.tsv:")


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("quad: material conflict", "quad: kinetic conflict", "quad must be one of"),
        ("requires_recipient: true", "requires_recipient: maybe", "true or false"),
        ("score: -9.0", "score: minus nine", "score must be a number"),
        ("aerial: {score: -9.5", "aerial: {score: -19.5", "outside"),
        ("  military: state armed forces", "  military: ''\n  old: state armed forces", "context"),
        ("types:", "types: [", "invalid YAML"),
    ],
)
def test_corrupted_plover_yaml_raises(tmp_path: Path, old: str, new: str, message: str) -> None:
    directory = _copy(tmp_path)
    _edit(directory / "plover.yaml", old, new)
    with pytest.raises(DataError, match=message):
        load_ontology(directory)


def test_missing_file_raises(tmp_path: Path) -> None:
    directory = _copy(tmp_path)
    (directory / "cameo.tsv").unlink()
    with pytest.raises(DataError, match="cannot read"):
        load_ontology(directory)


# --- agreement with ../shared -----------------------------------------------------------


def _shared_rows(path: Path) -> list[list[str]]:
    lines = need_shared(path).read_text("utf-8").splitlines()
    return [line.split("\t") for line in lines[1:] if line.strip()]


@pytest.mark.shared
def test_goldstein_values_match_gdelt(ontology: Ontology) -> None:
    reference = {code: float(value) for code, value in _shared_rows(GOLDSTEIN)}
    assert set(ontology.codes) == set(reference)
    differing = {
        code: (entry.goldstein, reference[code])
        for code, entry in ontology.codes.items()
        if entry.goldstein != reference[code]
    }
    assert not differing
    assert _tsv_codes("cameo.tsv") == [row[0] for row in _shared_rows(GOLDSTEIN)], "same order"


@pytest.mark.shared
def test_root_quad_classes_match_gdelt(ontology: Ontology) -> None:
    rows = _shared_rows(ROOT_QUADS)
    assert len(rows) == 20
    for row in rows:
        root, goldstein, quad_class = row[0], float(row[2]), int(row[5])
        assert ontology.quad_class(root) == quad_class, root
        assert ontology.goldstein(root) == goldstein, root
        children = [entry for code, entry in ontology.codes.items() if code.startswith(root)]
        assert {entry.quad_class for entry in children} == {quad_class}, root
        assert min(entry.goldstein for entry in children) >= float(row[3]), root
        assert max(entry.goldstein for entry in children) <= float(row[4]), root


def _cameo2plover() -> tuple[dict[str, tuple[str, str, list[str]]], dict[str, set[str]]]:
    """CAMEO2PLOVER-2021.txt: rows by code, and the root headers ("08: RETREAT")."""
    text = need_shared(CAMEO2PLOVER).read_text("utf-8")
    rows: dict[str, tuple[str, str, list[str]]] = {}
    headers: dict[str, set[str]] = {}
    for line in text.splitlines():
        match = re.match(r"(\d+):\s*([^#]*)", line)
        if not match:
            continue
        code, cells = match.group(1), [cell.strip() for cell in match.group(2).split(",")]
        if len(cells) == 1:
            headers.setdefault(code, set()).add(cells[0])
            continue
        contexts = [c.strip() for c in cells[2].split(";") if c.strip()] if len(cells) > 2 else []
        rows[code] = (cells[0], cells[1], contexts)
    return rows, headers


@pytest.mark.shared
def test_plover_types_match_cameo2plover_2021(ontology: Ontology) -> None:
    rows, headers = _cameo2plover()
    assert len(rows) > 250 and len(headers) >= 18
    assert set(rows) - set(ontology.codes) == NOT_IN_CASUS
    mismatched: dict[str, tuple[str | None, str]] = {}
    for code, (plover_type, _, _) in rows.items():
        if code in NOT_IN_CASUS:
            continue
        ours = ontology.cameo(code).plover_type
        expected = TYPE_DIFFERENCES.get(code, (plover_type, ""))[0]
        if ours != expected:
            mismatched[code] = (ours, plover_type)
    for root, allowed in headers.items():  # "08" is listed under CONCEDE and RETREAT
        if ontology.cameo(root).plover_type not in allowed:
            mismatched[root] = (ontology.cameo(root).plover_type, "|".join(sorted(allowed)))
    assert not mismatched
    assert all(rows[code][0] != ours for code, (ours, _) in TYPE_DIFFERENCES.items())


@pytest.mark.shared
def test_plover_modes_match_cameo2plover_2021(ontology: Ontology) -> None:
    rows, _ = _cameo2plover()
    mismatched: dict[str, tuple[str, str]] = {}
    for code, (plover_type, mode, _) in rows.items():
        if code in NOT_IN_CASUS:
            continue
        renamed = MODE_RENAMES.get((plover_type, mode), mode)
        expected = MODE_DIFFERENCES.get(code, (renamed, ""))[0]
        ours = ontology.cameo(code).plover_mode or ""
        if ours != expected:
            mismatched[code] = (ours, mode)
    assert not mismatched
    for code, (ours, _) in MODE_DIFFERENCES.items():
        renamed = MODE_RENAMES.get(rows[code][:2], rows[code][1])
        assert renamed != ours, f"{code} is no longer a difference: drop it from the list"


@pytest.mark.shared
def test_plover_contexts_come_from_cameo2plover_2021(ontology: Ontology) -> None:
    """Contexts: the table's, renamed; casus only adds the few listed here."""
    renames = {"democracy": "pro_democracy", "humanitarian": "human_security"}
    added = {"163": {"economic"}, "175": {"repression"}}
    rows, _ = _cameo2plover()
    for code, (_, _, contexts) in rows.items():
        if code in NOT_IN_CASUS:
            continue
        expected = {renames.get(name, name) for name in contexts} | added.get(code, set())
        assert set(ontology.cameo(code).contexts) == expected, code
