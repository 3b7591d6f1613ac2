"""Scenario packs: one readable YAML file, read into a :class:`~.model.Pack` and checked,
with the file and line of every problem.

A pack (the README's "Scenario packs" section has an example)::

    id, title, start, horizon          the pack; description and notes optional
    scenarios:                         mutually exclusive, exhaustive: priors sum to 1
      - {id, title, prior, description}
    indicators:                        event patterns with likelihoods
      - id, title
        match: {type(s), cameo, source(s), target(s), either_way, country/countries,
                place(s), factuality, min_state}
        likelihoods: {SCENARIO: p, ..., default: p}   p: seen at least once in a period
        period_days (30), tripwire (false), note, evidence

:func:`validate_pack` lists every problem (errors, and warnings such as an indicator
whose likelihoods are all equal); :func:`load_pack` returns the pack or raises
:class:`~casus.errors.PackError` naming the first error. The names an indicator uses
are checked against what casus can produce (:mod:`.vocabulary`): a misspelt type, code,
actor, country or place would never match, silently.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import yaml

from ..datafiles import bundled, compose_yaml
from ..errors import PackError
from .model import Indicator, Pack, Scenario
from .nodes import NodeReader, PackProblem, hint, line_of
from .patterns import read_pattern
from .vocabulary import Vocabulary, vocabulary

__all__ = [
    "PackProblem",
    "bundled_packs",
    "load_pack",
    "pack_path",
    "read_pack",
    "validate_pack",
]

_PACKAGE = "casus.scenarios.packs"
_ID = re.compile(r"[a-z0-9][a-z0-9_-]*")
_DEFAULT = "default"
_TOLERANCE = 1e-6

_PACK_KEYS = {
    key: key
    for key in (
        "id", "title", "description", "start", "horizon", "notes", "scenarios", "indicators",
        "draft",
    )
}  # fmt: skip
_SCENARIO_KEYS = {key: key for key in ("id", "title", "prior", "description")}
_INDICATOR_KEYS = {
    key: key
    for key in (
        "id", "title", "match", "likelihoods", "period_days", "tripwire", "note", "evidence",
    )
}  # fmt: skip


def bundled_packs() -> list[str]:
    """The ids of the packs shipped with casus (``casus/scenarios/packs/*.yaml``)."""
    return sorted(path.stem for path in bundled(_PACKAGE, "").glob("*.yaml"))


def pack_path(name_or_path: str | Path) -> Path:
    """The file of a pack: a path to a pack file, or the id of a bundled pack."""
    path = Path(name_or_path)
    if path.is_file():
        return path
    name = str(name_or_path)
    if name in bundled_packs():
        return bundled(_PACKAGE, f"{name}.yaml")
    if path.exists():
        raise PackError("not a file", where=str(path))
    known = ", ".join(bundled_packs()) or "none"
    raise PackError(f"no pack file and no bundled pack called {name!r} (bundled: {known})")


def read_pack(
    name_or_path: str | Path, *, lexicons: Sequence[Path] = ()
) -> tuple[Pack | None, list[PackProblem]]:
    """The pack (None when it has errors) and every problem found, in file order.
    ``lexicons``: user lexicon directories whose actor codes count as known."""
    path = pack_path(name_or_path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise PackError(f"cannot read the pack: {exc.strerror}", where=str(path)) from None
    except UnicodeDecodeError:
        raise PackError("the pack is not UTF-8 text", where=str(path)) from None
    reader = _PackReader(str(path), vocabulary(lexicons))
    try:
        root = compose_yaml(text)
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else 0
        reader.error(line, f"not valid YAML: {exc.problem or exc.context}")
        return None, reader.problems
    except yaml.YAMLError as exc:
        reader.error(0, f"not valid YAML: {str(exc).splitlines()[0]}")
        return None, reader.problems
    pack = reader.pack(root)
    problems = sorted(reader.problems, key=lambda problem: problem.line)
    return (None if reader.failed else pack), problems


def validate_pack(name_or_path: str | Path, *, lexicons: Sequence[Path] = ()) -> list[PackProblem]:
    """Every problem of a pack, errors and warnings, in file order (empty: a clean pack)."""
    return read_pack(name_or_path, lexicons=lexicons)[1]


def load_pack(name_or_path: str | Path, *, lexicons: Sequence[Path] = ()) -> Pack:
    """The pack in a file, or the bundled pack of that id; :class:`PackError` (E202)
    names its first error when it has any (warnings are allowed)."""
    pack, problems = read_pack(name_or_path, lexicons=lexicons)
    if pack is not None:
        return pack
    errors = [problem for problem in problems if problem.severity == "error"]
    first = errors[0]
    more = f" (and {len(errors) - 1} more: see casus scenarios validate)" if len(errors) > 1 else ""
    where = f"{first.file}:{first.line}" if first.line else first.file
    raise PackError(f"{first.message}{more}", where=where)


class _PackReader(NodeReader):
    def __init__(self, file: str, words: Vocabulary) -> None:
        super().__init__(file)
        self.words = words
        self.scenario_ids: list[str] = []
        """Every scenario id read, also of scenarios with other errors."""

    def pack(self, root: yaml.Node | None) -> Pack | None:
        if root is None:
            self.error(
                0, "empty file: a pack needs id, title, start, horizon, scenarios and indicators"
            )
            return None
        required = ("id", "title", "start", "horizon", "scenarios", "indicators")
        fields = self.fields(root, "the pack", _PACK_KEYS, required)
        if fields is None:
            return None
        if self.boolean(fields.get("draft"), "draft"):
            self.error(
                fields["draft"],
                "the pack is a draft: set the values marked 'set me', then delete 'draft: true'",
            )
        pack_id = self.identifier(fields.get("id"), "the pack's id")
        title = self.text(fields.get("title"), "the pack's title")
        start, horizon = self.dates(fields.get("start"), fields.get("horizon"))
        scenarios = self.scenarios(fields.get("scenarios"))
        indicators = self.indicators(fields.get("indicators"), scenarios, start, horizon)
        description = self.text(fields.get("description"), "the pack's description")
        notes = self.strings(fields.get("notes"), "note")
        if self.failed or pack_id is None or title is None or start is None or horizon is None:
            return None
        return Pack(
            id=pack_id,
            title=title,
            scenarios=tuple(scenarios),
            indicators=tuple(indicators),
            start=start,
            horizon=horizon,
            description=description or "",
            source=self.file,
            notes=tuple(note for note, _node in notes),
        )

    def identifier(self, node: yaml.Node | None, what: str) -> str | None:
        value = self.text(node, what)
        if value is not None and node is not None and not _ID.fullmatch(value):
            self.error(node, f"{what} {value!r} must be lower-case letters, digits, '-' or '_'")
            return None
        return value

    def dates(
        self, start_node: yaml.Node | None, horizon_node: yaml.Node | None
    ) -> tuple[date | None, date | None]:
        start = self.day(start_node, "start")
        horizon = self.day(horizon_node, "horizon")
        if start is not None and horizon is not None and horizon <= start:
            assert horizon_node is not None
            self.error(horizon_node, f"the horizon {horizon} is not after the start {start}")
        return start, horizon

    def scenarios(self, node: yaml.Node | None) -> list[Scenario]:
        if node is None:
            return []
        scenarios: list[Scenario] = []
        seen: dict[str, int] = {}
        complete = True
        for item in self.items(node, "scenarios"):
            scenario = self.scenario(item)
            if scenario is None:
                complete = False
            elif scenario.id in seen:
                complete = False
                self.error(
                    item,
                    f"scenario id '{scenario.id}' is used twice (also line {seen[scenario.id]})",
                )
            else:
                seen[scenario.id] = line_of(item)
                scenarios.append(scenario)
        if len(scenarios) < 2 and complete:
            self.error(
                node,
                "a pack needs at least two scenarios: mutually exclusive outcomes "
                "that together cover everything that can happen",
            )
        if complete and scenarios:
            total = math.fsum(scenario.prior for scenario in scenarios)
            if abs(total - 1.0) > _TOLERANCE:
                self.error(
                    node,
                    f"the priors sum to {total:.6g}, not 1: scenarios must be "
                    "mutually exclusive and exhaustive (exactly one comes true), so "
                    "their priors sum to 1",
                )
        return scenarios

    def scenario(self, item: yaml.Node) -> Scenario | None:
        fields = self.fields(item, "a scenario", _SCENARIO_KEYS, ("id", "title", "prior"))
        if fields is None:
            return None
        scenario_id = self.identifier(fields.get("id"), "a scenario's id")
        if scenario_id == _DEFAULT:
            self.error(
                fields["id"],
                f"'{_DEFAULT}' cannot be a scenario's id: likelihoods use "
                "it for every scenario not named",
            )
            scenario_id = None
        title = self.text(fields.get("title"), "a scenario's title")
        prior = self.prior(fields.get("prior"))
        description = self.text(fields.get("description"), "a scenario's description")
        if scenario_id is not None and scenario_id not in self.scenario_ids:
            self.scenario_ids.append(scenario_id)
        if scenario_id is None or title is None or prior is None:
            return None
        return Scenario(scenario_id, title, prior, description or "")

    def prior(self, node: yaml.Node | None) -> float | None:
        if node is None:
            return None
        value = self.number(node, "a prior")
        if value is not None and not 0.0 < value <= 1.0:
            why = ": a scenario with prior 0 could never gain probability" if value == 0 else ""
            self.error(node, f"the prior {value:g} is outside (0, 1]{why}")
            return None
        return value

    def indicators(
        self,
        node: yaml.Node | None,
        scenarios: list[Scenario],
        start: date | None,
        horizon: date | None,
    ) -> list[Indicator]:
        if node is None:
            return []
        indicators: list[Indicator] = []
        seen: dict[str, int] = {}
        span = (horizon - start).days if start is not None and horizon is not None else None
        for item in self.items(node, "indicators"):
            indicator = self.indicator(item, self.scenario_ids, span)
            if indicator is None:
                continue
            if indicator.id in seen:
                self.error(
                    item,
                    f"indicator id '{indicator.id}' is used twice (also line {seen[indicator.id]})",
                )
                continue
            seen[indicator.id] = indicator.line
            indicators.append(indicator)
        if isinstance(node, yaml.SequenceNode) and not node.value:
            self.error(node, "a pack needs at least one indicator")
        return indicators

    def indicator(
        self, item: yaml.Node, scenario_ids: list[str], span: int | None
    ) -> Indicator | None:
        required = ("id", "title", "match", "likelihoods")
        fields = self.fields(item, "an indicator", _INDICATOR_KEYS, required)
        if fields is None:
            return None
        indicator_id = self.identifier(fields.get("id"), "an indicator's id")
        title = self.text(fields.get("title"), "an indicator's title")
        pattern = read_pattern(self, fields.get("match"), self.words)
        likelihoods = self.likelihoods(fields.get("likelihoods"), scenario_ids)
        period = self.period(fields.get("period_days"), span)
        tripwire = self.boolean(fields.get("tripwire"), "tripwire")
        note = self.text(fields.get("note"), "an indicator's note")
        evidence = self.text(fields.get("evidence"), "an indicator's evidence")
        if None in (indicator_id, title, pattern, likelihoods, period):
            return None
        assert indicator_id is not None and title is not None and pattern is not None
        assert likelihoods is not None and period is not None
        return Indicator(
            id=indicator_id,
            title=title,
            pattern=pattern,
            likelihoods=likelihoods,
            period_days=period,
            tripwire=tripwire,
            line=line_of(item),
            note=note or "",
            evidence=evidence or "",
        )

    def period(self, node: yaml.Node | None, span: int | None) -> int | None:
        if node is None:
            return 30
        days = self.integer(node, "period_days")
        if days is not None and days < 1:
            self.error(node, f"period_days is {days}: a period lasts at least 1 day")
            return None
        if days is not None and span is not None and days > span:
            self.warn(
                node,
                f"period_days ({days}) is longer than the pack's {span} days from start to horizon",
            )
        return days

    def likelihoods(
        self, node: yaml.Node | None, scenario_ids: list[str]
    ) -> dict[str, float] | None:
        if node is None:
            return None
        given: dict[str, float] = {}
        ok = True
        for key, key_node, value_node in self.pairs(node, "likelihoods"):
            if key != _DEFAULT and key not in scenario_ids:
                known = ", ".join([*scenario_ids, _DEFAULT])
                self.error(
                    key_node,
                    f"'{key}' is not a scenario of this pack"
                    f"{hint(key, frozenset(scenario_ids)) or f' (scenarios: {known})'}",
                )
                ok = False
                continue
            value = self.likelihood(value_node, key)
            ok = ok and value is not None
            given[key] = math.nan if value is None else value
        missing = [scenario for scenario in scenario_ids if scenario not in given]
        if missing and _DEFAULT not in given:
            self.error(
                node,
                f"no likelihood under {', '.join(missing)}: give one for every "
                f"scenario, or a '{_DEFAULT}' for the others",
            )
            return None
        if _DEFAULT in given and not missing and scenario_ids:
            self.warn(node, f"'{_DEFAULT}' applies to no scenario: every one has its own")
        complete = {
            scenario: given.get(scenario, given.get(_DEFAULT, 0.0)) for scenario in scenario_ids
        }
        if ok and len(set(complete.values())) == 1 and len(complete) > 1:
            self.warn(
                node,
                "the likelihoods are the same under every scenario: the indicator "
                "cannot move any probability",
            )
        return complete if ok else None

    def likelihood(self, node: yaml.Node, scenario: str) -> float | None:
        value = self.number(node, f"the likelihood under '{scenario}'")
        if value is not None and not 0.0 < value < 1.0:
            why = (
                ": with 0 or 1 one piece of evidence would settle the question for good"
                if value in (0.0, 1.0)
                else ""
            )
            self.error(node, f"the likelihood {value:g} under '{scenario}' is outside (0, 1){why}")
            return None
        return value
