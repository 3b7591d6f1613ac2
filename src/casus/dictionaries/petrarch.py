"""Convert PETRARCH-2 / Phoenix (TABARI-style) dictionaries into casus lexicon files.

``casus dictionaries import-petrarch DIR --out OUT`` reads the actor and agent
dictionaries in ``DIR`` and writes into ``OUT`` (see :func:`casus.dictionaries.write_lexicon`):
actors with dated codes (``[AZEGOV >031031]``) as people with one role per code line;
undated actors (countries, organisations, armed groups) as groups; agent nouns
(``PRESIDENT [~GOV]``), plurals included, as agents; and the sectors casus lacks.

Files read: those ``DIR/PETR_config.ini`` names (``actorfile_list``, ``agentfile_name``),
as PETRARCH does; without it, every file whose name contains ``actors`` or ``agents``.

Syntax handled (PETRARCH's ``PETRreader.py``): ``#`` and ``<!-- -->`` comments, codes on
the name line or on indented lines, ``+`` synonyms, dated codes (``<D``, ``>D``, ``D-D``;
``YYMMDD``, years below 30 being 20xx, or ``YYYYMMDD``), the null code ``---``, agent
plurals (``{PLURAL}``, ``{}``) and substitution sets (``!PERSON! = MAN, MEN``). A primary
name without codes takes those of the next entry that has some (PETRARCH's rule). Lines
that cannot be read are skipped and counted in the report, never fatal.
"""

from __future__ import annotations

import configparser
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..errors import DataError
from .common import (
    ROLES,
    AgentRow,
    GroupRow,
    ImportReport,
    PersonRow,
    RoleRow,
    bundled_country_names,
    code_chunks,
    has_vowel,
    igo_code,
    initials,
    is_person_noun,
    plural,
    repair_mojibake,
    sector_of,
    split_code,
    title_case,
    write_lexicon,
)

__all__ = [
    "ImportReport",
    "convert_actors",
    "convert_directory",
    "parse_date",
    "read_actor_file",
    "read_agent_file",
]

# -- reading lines ----------------------------------------------------------------------


def _strip_xml_comments(line: str, in_comment: bool) -> tuple[str, bool]:
    """``line`` without ``<!-- ... -->`` parts; whether a comment is still open after it."""
    out: list[str] = []
    rest = line
    while rest:
        if in_comment:
            end = rest.find("-->")
            if end < 0:
                return "".join(out), True
            rest, in_comment = rest[end + 3 :], False
        else:
            start = rest.find("<!--")
            if start < 0:
                out.append(rest)
                break
            out.append(rest[:start])
            rest, in_comment = rest[start + 4 :], True
    return "".join(out), in_comment


def _content_lines(path: Path, report: ImportReport) -> Iterator[tuple[int, str]]:
    """(line number, text) of the lines that carry content, comments removed."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        report.skip(f"unreadable file ({exc.strerror})")
        return
    in_comment = False
    for number, raw in enumerate(data.split(b"\n"), start=1):
        try:
            line = raw.decode("utf-8").rstrip("\r").lstrip("\ufeff")
        except UnicodeDecodeError:
            report.skip("undecodable line (not UTF-8)")
            continue
        if not in_comment and line.lstrip().startswith("#"):
            continue
        line, in_comment = _strip_xml_comments(line, in_comment)
        if line.lstrip().startswith("<!"):
            continue
        line = line.split("#", 1)[0].rstrip()
        if line.strip():
            yield number, line


def _line_count(path: Path) -> int:
    try:
        return len(path.read_bytes().splitlines())
    except OSError:
        return 0


# -- codes and dates --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Code:
    raw: str
    code: str
    start: date | None
    end: date | None

    @property
    def dated(self) -> bool:
        return self.start is not None or self.end is not None


_NULL = "null code ---"
_CODE = re.compile(r"[A-Z][A-Z0-9]{2,}")
_BRACKET = re.compile(r"\[([^\[\]]*)\]")


def parse_date(text: str) -> date | None:
    """``YYMMDD`` (years below 30 are 20xx) or ``YYYYMMDD``; None when invalid."""
    if not text.isdigit() or len(text) not in (6, 8):
        return None
    if len(text) == 6:
        year = int(text[:2])
        year += 2000 if year < 30 else 1900
        month, day = int(text[2:4]), int(text[4:6])
    else:
        year, month, day = int(text[:4]), int(text[4:6]), int(text[6:8])
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _parse_code(content: str) -> _Code | str:
    """One ``[...]`` block: a code, or the reason it is skipped."""
    content = " ".join(content.split())
    found = re.match(r"[^\s<>]+", content)
    code = found.group(0).upper() if found else ""
    spec = content[len(code) :].replace(" ", "")
    if code.startswith("---"):
        return _NULL
    if not _CODE.fullmatch(code):
        return "malformed code"
    if not spec:
        return _Code(code, code, None, None)
    single = re.fullmatch(r"([<>])(\d+)", spec)
    span = re.fullmatch(r"(\d+)-(\d+)", spec)
    if single:
        day = parse_date(single.group(2))
        start, end = (None, day) if single.group(1) == "<" else (day, None)
        if day is None:
            return "code with an invalid date"
    elif span:
        start, end = parse_date(span.group(1)), parse_date(span.group(2))
        if start is None or end is None:
            return "code with an invalid date"
        if end < start:
            return "code whose end date is before its start"
    else:
        return "code with an invalid date"
    return _Code(f"{code} {spec}", code, start, end)


# -- names -----------------------------------------------------------------------------


def _clean(raw: str) -> tuple[str, list[str], bool]:
    """A raw phrase without underscores, odd characters and parentheses; the acronyms
    given in parentheses ("ADEN_ABYAN_ISLAMIC_ARMY_(AAIA)"); whether a parenthesis held
    something else, a qualifier news would not write ("KOREA_(NORTH)")."""
    text = repair_mojibake(raw).replace("_", " ")
    text = "".join(c for c in text if unicodedata.category(c)[0] != "C" and c not in "|\t")
    inner = [" ".join(w.split()) for w in re.findall(r"\(([^()]*)\)", text)]
    text = " ".join(re.sub(r"\([^()]*\)", " ", text).split()).strip(" ,;:")
    spelled = initials(text)
    acronyms = [
        w
        for w in inner
        if re.fullmatch(r"[A-Z][A-Z0-9.&-]{1,9}", w)
        and (w.replace(".", "") in spelled or len(w) <= 3 or not has_vowel(w))
    ]
    return text, acronyms, len(acronyms) < len(inner)


def _cleaned_names(raw_names: Sequence[str], report: ImportReport) -> tuple[list[str], set[str]]:
    """Cleaned names (file order) and the acronyms among them.

    A name with a qualifier in parentheses is dropped, unless the entry has no other.
    """
    found: list[tuple[str, list[str], bool]] = []
    for raw in raw_names:
        for piece in raw.split("+"):
            if "\ufffd" in piece:
                report.skip("name with unreadable characters (U+FFFD) (name dropped)")
            else:
                found.append(_clean(piece))
    if any(not qualified for _text, _acronyms, qualified in found):
        dropped = [f for f in found if f[2]]
        report.skip("name with a qualifier in parentheses (name dropped)", len(dropped))
        found = [f for f in found if not f[2]]
    cleaned = [name for text, acronyms, _ in found for name in (text, *acronyms)]
    return cleaned, {a for _text, acronyms, _ in found for a in acronyms}


def _names(
    raw_names: Sequence[str], report: ImportReport, *, group: bool, short_acronyms: bool = False
) -> list[str]:
    """Casus names for an entry's primary name and synonyms (first = primary).

    ``short_acronyms``: one-word names of two to five letters are acronyms (IGOs, NGOs).
    """
    cleaned, acronyms = _cleaned_names(raw_names, report)
    spelled = {i for text in cleaned for i in initials(text)}
    for text in cleaned:
        short = short_acronyms and re.fullmatch(r"[A-Z]{2,5}", text)
        if text in spelled or short:
            acronyms.add(text)
    names: list[str] = []
    for text in cleaned:
        name = title_case(text, acronyms, person=not group)
        if group and name.lower().startswith("the ") and len(name) > 5:
            name = name[4:]
        variants = [name]
        if re.match(r"(Al|El)-\w", name):
            variants.append(name[0].lower() + name[1:])
        for variant in variants:
            if len(variant.strip(".-' ")) <= 1:
                report.skip("name empty or one character after conversion (name dropped)")
            elif variant not in names:
                names.append(variant)
    return names


# -- actor dictionaries -----------------------------------------------------------------


@dataclass
class _RawEntry:
    names: list[str]
    where: str
    codes: list[_Code] = field(default_factory=list)
    null: bool = False
    """A ``---`` code was seen (the entry is deliberately not coded, at least sometimes)."""
    seen: bool = False
    """Some ``[...]`` was given, usable or not."""


def _split_brackets(text: str) -> tuple[str, list[str], bool]:
    """(text before the first ``[``, contents of each ``[...]``, well formed?)."""
    first = text.find("[")
    if first < 0:
        return text, [], "]" not in text
    tail = text[first:]
    return text[:first], _BRACKET.findall(tail), not _BRACKET.sub("", tail).strip()


def _add_codes(entry: _RawEntry, contents: Iterable[str], report: ImportReport) -> None:
    for content in contents:
        entry.seen = True
        parsed = _parse_code(content)
        if isinstance(parsed, _Code):
            entry.codes.append(parsed)
        elif parsed == _NULL:
            entry.null = True
        else:
            report.skip(parsed)


def read_actor_file(path: Path, report: ImportReport) -> list[_RawEntry]:
    """The entries of a PETRARCH actor dictionary, codes parsed, names still raw."""
    entries: list[_RawEntry] = []
    current: _RawEntry | None = None
    for number, line in _content_lines(path, report):
        text = line.strip()
        if "---STOP---" in text:
            break
        head, contents, ok = _split_brackets(text)
        if not ok:
            report.skip("malformed line (unbalanced brackets)")
            continue
        if text[0] not in "+[":
            current = _RawEntry([head], f"{path.name}:{number}")
            entries.append(current)
        elif current is None:
            report.skip("synonym or code line before any name")
            continue
        elif text[0] == "+":
            current.names.append(head[1:])
        _add_codes(current, contents, report)
    return _share_codes(entries, report)


def _share_codes(entries: list[_RawEntry], report: ImportReport) -> list[_RawEntry]:
    """A primary name without codes takes those of the next entry that has some."""
    waiting: list[_RawEntry] = []
    for entry in entries:
        if not entry.seen:
            waiting.append(entry)
            continue
        for early in waiting:
            early.codes, early.null, early.seen = list(entry.codes), entry.null, True
        report.merge("names without codes given the next entry's codes", len(waiting))
        waiting = []
    if waiting:
        report.skip("entry without any code", len(waiting))
    return [e for e in entries if e.seen]


def _most_recent(codes: Sequence[_Code]) -> _Code:
    return max(codes, key=lambda c: (c.end is None, c.end or date.min, c.start or date.min))


def _person(entry: _RawEntry, names: list[str], report: ImportReport) -> PersonRow | None:
    dated = [c for c in entry.codes if c.dated]
    defaults = [c for c in entry.codes if not c.dated]
    with_country = [c for c in dated if split_code(c.code)[0]]
    home_code = _most_recent(with_country) if with_country else None
    if home_code is None:
        homes = [c for c in defaults if split_code(c.code)[0]]
        home_code = homes[-1] if homes else None
    if home_code is None:
        report.skip("person without a country or organisation code")
        return None
    home = split_code(home_code.code)[0]
    roles: list[RoleRow] = []
    for code in [*dated, *defaults]:
        org, chunks = split_code(code.code, report)
        role = RoleRow(
            org or home, sector_of(org or home, chunks, person=True), code.start, code.end
        )
        if role not in roles:
            roles.append(role)
    return PersonRow(names[0], names[1:], home, roles, f"petrarch:{entry.where.split(':')[0]}")


def _group(entry: _RawEntry, names: list[str], report: ImportReport) -> GroupRow:
    defaults = [c for c in entry.codes if not c.dated]
    chosen = defaults[-1] if defaults else _most_recent(entry.codes)
    org, chunks = split_code(chosen.code, report)
    sector = sector_of(org, chunks, person=False)
    return GroupRow(names[0], names[1:], org, sector, f"petrarch:{chosen.raw}")


_ORG_WORDS = frozenset(
    re.findall(
        r"\w+",
        """front army party organization organisation brigade brigades movement council
        ministry group union committee forces government agency league commission bank fund
        court assembly parliament secretariat office mission association alliance coalition
        authority""",
    )
)


def _is_person(entry: _RawEntry) -> bool:
    """Dated codes with a sector (``[AZEGOV >031031]``), unlike a country's history
    (``[USRAZE <911018]``, ``[AZE >911221]``), under a name that is not an
    organisation's ("The Islamic Front", "Syrian National Council"; but "Moscow Party
    Chief Boris Yeltsin" is a person)."""
    if not any(c.dated for c in entry.codes):
        return False
    if not any(
        chunk in ROLES for c in entry.codes for chunk in [*code_chunks(c.code[3:]), c.code[:3]]
    ):
        return False
    words = [w.strip(".,'()").lower() for w in entry.names[0].replace("_", " ").split()]
    if words[:1] == ["the"]:
        return False
    return not any(w in _ORG_WORDS for w in words) or any(is_person_noun(w) for w in words)


def convert_actors(
    entries: Iterable[_RawEntry], report: ImportReport
) -> tuple[list[PersonRow], list[GroupRow]]:
    people: list[PersonRow] = []
    groups: list[GroupRow] = []
    for entry in entries:
        if not entry.codes:
            null = "entry with only the null code ---"
            report.skip(null if entry.null else "entry without a usable code")
            continue
        person = _is_person(entry)
        org = any(c.code.startswith(("IGO", "NGO")) or igo_code(c.code) for c in entry.codes)
        names = _names(entry.names, report, group=not person, short_acronyms=org)
        if not names:
            report.skip("entry left without a usable name")
            continue
        if person:
            row = _person(entry, names, report)
            if row is not None:
                people.append(row)
        else:
            groups.append(_group(entry, names, report))
    groups = _leave_known_country_names(groups, report)
    return _dedupe_people(people, report), _dedupe_groups(groups, report)


def _leave_known_country_names(groups: list[GroupRow], report: ImportReport) -> list[GroupRow]:
    """Country entries (``[AZE]``) without the names casus already has for that country:
    its own entries are richer (adjectives are modifiers, capitals need context)."""
    known, main = bundled_country_names()
    kept: list[GroupRow] = []
    for group in groups:
        if group.sector or not re.fullmatch(r"[A-Z]{3}", group.code) or not known:
            kept.append(group)
            continue
        names = [n for n in (group.text, *group.aliases) if group.code not in known.get(n, ())]
        dropped = 1 + len(group.aliases) - len(names)
        report.merge("country names casus already has (left to casus)", dropped)
        if not names:
            continue
        text = group.text if group.text in names else main.get(group.code, names[0])
        group.text, group.aliases = text, [n for n in names if n != text]
        kept.append(group)
    return kept


def _dedupe_people(rows: Iterable[PersonRow], report: ImportReport) -> list[PersonRow]:
    kept: dict[tuple[str, str], PersonRow] = {}
    for row in rows:
        first = kept.setdefault((row.name, row.country), row)
        if first is row:
            continue
        report.merge("duplicate people (same name and country)")
        first.aliases += [a for a in row.aliases if a not in first.aliases]
        first.roles += [r for r in row.roles if r not in first.roles]
    return sorted(kept.values(), key=lambda p: (p.name.casefold(), p.name, p.country))


def _dedupe_groups(rows: Iterable[GroupRow], report: ImportReport) -> list[GroupRow]:
    kept: dict[tuple[str, str], GroupRow] = {}
    for row in rows:
        first = kept.setdefault((row.text, row.code), row)
        if first is row:
            continue
        report.merge("duplicate groups (same name and code)")
        first.aliases += [a for a in row.aliases if a not in first.aliases]
    return sorted(kept.values(), key=lambda g: (g.text.casefold(), g.text, g.code, g.sector))


# -- agent dictionaries -----------------------------------------------------------------


def _define_marker(text: str, markers: dict[str, list[str]], report: ImportReport) -> None:
    found = re.fullmatch(r"!([^!\s]+)!\s*=\s*(.+)", text)
    if not found:
        report.skip("malformed substitution set")
        return
    markers[found.group(1)] = [w.strip() for w in found.group(2).split(",") if w.strip()]


def _expand(phrase: str, markers: dict[str, list[str]]) -> list[str] | None:
    """Every substitution of ``!MARKER!`` in ``phrase``; None for an unknown marker.

    A marker inside a word ("AD!MINIST!RATION", a search-and-replace accident) stands for
    its own name.
    """
    phrase = re.sub(r"(?<=[A-Za-z])!([A-Z]+)!(?=[A-Za-z])", r"\1", phrase)
    found = re.search(r"!([^!\s]*)!", phrase)
    if found is None:
        return [phrase]
    if found.group(1) not in markers:
        return None
    out: list[str] = []
    for word in markers[found.group(1)]:
        rest = _expand(phrase[: found.start()] + word + phrase[found.end() :], markers)
        if rest is None:
            return None
        out += rest
    return out


def _agent_text(raw: str) -> str | None:
    text = " ".join(repair_mojibake(raw).replace("_", " ").split()).lower().strip(" ,")
    if re.search(r"[!{}\[\]~<>|\t]", text) or len(text) < 2 or not re.search(r"\w", text):
        return None
    return text


def _agent_forms(phrase: str, markers: dict[str, list[str]]) -> list[tuple[str, bool]] | str:
    """(raw phrase, is plural) for each form of an agent line's phrase, or a skip reason."""
    if "!" in phrase:
        expanded = _expand(phrase, markers)
        if expanded is None:
            return "agent with an undefined substitution marker"
        return [(p, False) for p in expanded]
    if "{" in phrase:
        if "}" not in phrase:
            return "agent with a missing '}'"
        base, _, rest = phrase.partition("{")
        given = rest.split("}", 1)[0].strip()
        return [(base, False)] + ([(given, True)] if given else [])
    return [(phrase, False), ("", True)]


def _agent_line(text: str, markers: dict[str, list[str]], report: ImportReport) -> list[AgentRow]:
    found = re.fullmatch(r"([^\[\]]*)\[([^\[\]]*)\]\s*", text)
    if found is None:
        report.skip("agent line without a code" if "[" not in text else "malformed agent line")
        return []
    code = found.group(2).replace(" ", "").upper()
    bare = code.replace("~", "")
    if not re.fullmatch(r"[A-Z]{3}[A-Z0-9]*", bare):
        report.skip("malformed agent code")
        return []
    forms = _agent_forms(found.group(1).strip(), markers)
    if isinstance(forms, str):
        report.skip(forms)
        return []
    rows: list[AgentRow] = []
    singular: str | None = None
    for raw, is_plural in forms:
        if is_plural and not raw and singular is None:
            continue
        regular = is_plural and not raw and singular
        phrase = plural(singular) if regular and singular else _agent_text(raw)
        if phrase is None:
            report.skip("agent phrase empty or malformed after conversion")
            continue
        singular = singular or phrase
        person = not is_plural and is_person_noun(phrase)
        rows.append(AgentRow(phrase, bare[:3], person, f"petrarch:{code}"))
    return rows


def read_agent_file(path: Path, report: ImportReport) -> list[AgentRow]:
    """The phrases of a PETRARCH agent dictionary, plurals and substitutions expanded."""
    markers: dict[str, list[str]] = {}
    rows: list[AgentRow] = []
    for _number, line in _content_lines(path, report):
        text = line.strip()
        if "!" in text and "=" in text:
            _define_marker(text, markers, report)
        else:
            rows += _agent_line(text, markers, report)
    return rows


def _dedupe_agents(rows: Iterable[AgentRow], report: ImportReport) -> list[AgentRow]:
    kept: dict[str, AgentRow] = {}
    for row in rows:
        first = kept.setdefault(row.text, row)
        if first is row:
            continue
        if first.sector != row.sector:
            report.skip("agent phrase repeated with another sector (first kept)")
        else:
            report.merge("repeated agent phrases")
    return sorted(kept.values(), key=lambda a: a.text)


# -- choosing files ---------------------------------------------------------------------


def _from_config(directory: Path) -> tuple[list[Path], list[Path]] | None:
    """Actor and agent files named by ``PETR_config.ini``, when it names existing files."""
    config = directory / "PETR_config.ini"
    if not config.is_file():
        return None
    parser = configparser.ConfigParser(
        interpolation=None, inline_comment_prefixes=("#",), strict=False
    )
    try:
        parser.read(config, encoding="utf-8")
        actors = parser.get("Dictionaries", "actorfile_list", fallback="")
        agents = parser.get("Dictionaries", "agentfile_name", fallback="")
    except (configparser.Error, UnicodeError, OSError):
        return None
    actor_files = [directory / n.strip() for n in actors.split(",") if n.strip()]
    agent_files = [directory / n.strip() for n in agents.split(",") if n.strip()]
    actor_files = [p for p in actor_files if p.is_file()]
    agent_files = [p for p in agent_files if p.is_file()]
    return (actor_files, agent_files) if actor_files or agent_files else None


# Never dictionaries, even when named "...actors..." (casus's own output, for one).
_NOT_DICTIONARIES = frozenset(
    {".tsv", ".yaml", ".yml", ".json", ".ini", ".py", ".md", ".zip", ".gz"}
)


def _choose_files(directory: Path, report: ImportReport) -> tuple[list[Path], list[Path]]:
    chosen = _from_config(directory)
    if chosen is not None:
        report.chosen_by = "PETR_config.ini"
        return chosen
    try:
        listing = sorted(directory.iterdir())
    except OSError as exc:
        raise DataError(f"cannot list directory: {exc.strerror}", where=str(directory)) from None
    files = [p for p in listing if p.is_file() and p.suffix.lower() not in _NOT_DICTIONARIES]
    actors = [p for p in files if "actors" in p.name.lower()]
    agents = [p for p in files if "agents" in p.name.lower()]
    return actors, agents


# -- entry point ------------------------------------------------------------------------


def convert_directory(directory: Path, out: Path) -> ImportReport:
    """Convert the PETRARCH/Phoenix dictionaries in ``directory`` into casus lexicon
    files in ``out`` (created if needed); load them with ``load_lexicon([out])``."""
    directory, out = Path(directory), Path(out)
    if not directory.is_dir():
        raise DataError("not a directory", where=str(directory))
    report = ImportReport(directory, out)
    actor_files, agent_files = _choose_files(directory, report)
    if not actor_files and not agent_files:
        raise DataError(
            "no PETRARCH dictionaries found (expected *actors*.txt or *agents*.txt files)",
            where=str(directory),
        )
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DataError(f"cannot create output directory: {exc.strerror}", where=str(out)) from None
    entries: list[_RawEntry] = []
    for path in actor_files:
        report.files.append((path.name, "actors", _line_count(path)))
        entries += read_actor_file(path, report)
    agents: list[AgentRow] = []
    for path in agent_files:
        report.files.append((path.name, "agents", _line_count(path)))
        agents += read_agent_file(path, report)
    people, groups = convert_actors(entries, report)
    write_lexicon(out, people, groups, _dedupe_agents(agents, report), report)
    return report
