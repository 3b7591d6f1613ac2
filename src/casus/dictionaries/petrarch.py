"""Convert PETRARCH-2 / Phoenix (TABARI-style) dictionaries into casus lexicon files.

``casus dictionaries import-petrarch DIR --out OUT`` reads the actor and agent
dictionaries in ``DIR`` and writes into ``OUT`` (see
:func:`casus.dictionaries.lexicon_files.write_lexicon`): actors with dated codes
(``[AZEGOV >031031]``) as people with one role per code line; undated actors (countries,
organisations, armed groups) as groups; agent nouns (``PRESIDENT [~GOV]``), plurals
included, as agents; and the sectors casus lacks.

Files read: those ``DIR/PETR_config.ini`` names (``actorfile_list``, ``agentfile_name``),
as PETRARCH does; without it, every file whose name contains ``actors`` or ``agents``.

Syntax handled (PETRARCH's ``PETRreader.py``): ``#`` and ``<!-- -->`` comments, codes on
the name line or on indented lines, ``+`` synonyms, dated codes (``<D``, ``>D``, ``D-D``;
``YYMMDD``, years below 30 being 20xx, or ``YYYYMMDD``), the null code ``---``, agent
plurals (``{PLURAL}``, ``{}``) and substitution sets (``!PERSON! = MAN, MEN``). A primary
name without codes takes those of the next entry that has some (PETRARCH's rule). Lines
that cannot be read are skipped and counted in the report, never fatal.

This module chooses the files and runs the conversion; the reading is in
:mod:`~casus.dictionaries.petrarch_reader`, the conversion of actors and agents in
:mod:`~casus.dictionaries.petrarch_actors` and :mod:`~casus.dictionaries.petrarch_agents`.
"""

from __future__ import annotations

import configparser
from pathlib import Path

from ..errors import DataError
from .lexicon_files import write_lexicon
from .petrarch_actors import convert_actors
from .petrarch_agents import dedupe_agents, read_agent_file
from .petrarch_reader import RawEntry, line_count, parse_date, read_actor_file
from .results import AgentRow, ImportReport

__all__ = [
    "ImportReport",
    "convert_actors",
    "convert_directory",
    "parse_date",
    "read_actor_file",
    "read_agent_file",
]

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
    entries: list[RawEntry] = []
    for path in actor_files:
        report.files.append((path.name, "actors", line_count(path)))
        entries += read_actor_file(path, report)
    agents: list[AgentRow] = []
    for path in agent_files:
        report.files.append((path.name, "agents", line_count(path)))
        agents += read_agent_file(path, report)
    people, groups = convert_actors(entries, report)
    write_lexicon(out, people, groups, dedupe_agents(agents, report), report)
    return report
