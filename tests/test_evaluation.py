from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from casus.cli import app
from casus.errors import EvaluationError, FloorError
from casus.evaluation import floors, geoparse, samples

from .conftest import REPO, SHARED, need_shared

GWN_LIKE = """<?xml version="1.0" ?>
<articles>
  <article file="0">
    <title>t</title>
    <text>Officials met in Gyumri on Monday. Reporters from Most waited near Baku.</text>
    <toponyms>
      <toponym><extractedName>Gyumri</extractedName><type>Literal</type>
        <start>17</start><end>23</end><geonamesID>616635</geonamesID>
        <latitude>40.79</latitude><longitude>43.85</longitude></toponym>
      <toponym><extractedName>Baku</extractedName><type>Literal</type>
        <start>69</start><end>73</end>
        <latitude>40.38</latitude><longitude>49.89</longitude></toponym>
      <toponym><extractedName>Officials</extractedName><type>Non_Lit_Expression</type>
        <start>0</start><end>9</end></toponym>
    </toponyms>
  </article>
</articles>
"""

LGL_LIKE = """<?xml version="1.0" encoding="utf-8"?>
<articles>
  <article docid="1"><text>Floods hit Alexandria, La. on Monday; Paris was calm.</text>
    <toponyms>
      <toponym><start>11</start><end>21</end><phrase>Alexandria</phrase>
        <gaztag geonameid="4314550"><lat>31.3113</lat><lon>-92.4451</lon>
        <country>United States</country></gaztag></toponym>
      <toponym><start>38</start><end>43</end><phrase>Paris</phrase>
        <gaztag geonameid="4717560"><lat>33.66</lat><lon>-95.56</lon>
        <country>United States</country></gaztag></toponym>
    </toponyms>
  </article>
</articles>
"""


def test_geoparse_scores_a_small_gwn_file(tmp_path: Path) -> None:
    path = tmp_path / "GWN.xml"
    path.write_text(GWN_LIKE, "utf-8")
    scores = geoparse.evaluate_file(path)
    assert scores.dataset == "gwn" and scores.gold == 2
    assert scores.matched == 2 and scores.false_positives == 0
    d = scores.as_dict()
    assert d["recall"] == 1.0 and d["acc161"] == 1.0 and d["geonameid"] == 1.0


def test_geoparse_lgl_uses_qualifiers_and_reports_errors(tmp_path: Path) -> None:
    path = tmp_path / "lgl.xml"
    path.write_text(LGL_LIKE, "utf-8")
    scores = geoparse.evaluate_file(path)
    assert scores.dataset == "lgl" and scores.gold == 2 and scores.matched == 2
    assert scores.within_161km == 1  # Alexandria, La. right; Paris (Texas) not
    assert len(scores.errors) == 1 and "Paris" in scores.errors[0]


def test_unreadable_evaluation_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.xml"
    bad.write_text("<articles><article>", "utf-8")
    with pytest.raises(EvaluationError):
        geoparse.evaluate_file(bad)
    result = CliRunner().invoke(app, ["eval", "geoparse", str(bad)])
    assert result.exit_code == 2


def test_floors_fail_below_and_pass_above() -> None:
    pinned = floors.load_floors()["geoparse:gwn"]
    high = {k: 1.0 for k in pinned if k != "data"}
    assert floors.check("geoparse:gwn", high)
    low = dict(high, acc161=0.1)
    with pytest.raises(FloorError, match="acc161"):
        floors.check("geoparse:gwn", low)


def test_bundled_samples_meet_their_floors() -> None:
    scores = samples.evaluate_samples(REPO / "samples")
    floors.check("samples:bundled", scores.as_dict())
    assert scores.articles >= 23


@pytest.mark.shared
def test_gwn_subset_runs() -> None:
    path = need_shared(SHARED / "data" / "geoparsing" / "GWN.xml")
    scores = geoparse.evaluate_file(path, limit=20)
    assert scores.articles == 20 and scores.matched > 0
