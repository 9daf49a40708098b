"""Settings: packaged defaults < a user file < the environment < flags, each bound to the constant a
stage reads; a wrong name or value is one line that says what there is."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from svodka import config
from svodka.cli import app
from svodka.cluster import scoring
from svodka.errors import SvodkaError
from conftest import EXAMPLES

runner = CliRunner()


def test_every_packaged_setting_sets_a_constant_and_the_defaults_are_what_the_stages_read():
    tree = config.settings()
    assert {(s, n) for s in tree for n in tree[s]} == set(config.BINDINGS)
    assert scoring.EVENT_THRESHOLD == tree["grouping"]["event_threshold"]
    assert scoring.EVENT_WEIGHTS == tree["grouping"]["event_weights"]


def test_a_file_the_environment_and_flags_override_in_that_order(tmp_path):
    user = tmp_path / "svodka.toml"
    user.write_text("[grouping]\nevent_threshold = 0.4\nstory_threshold = 0.5\nevent_weights = { text = 0.5 }\n",
                    encoding="utf-8")
    tree = config.settings(user, env={"SVODKA_GROUPING_STORY_THRESHOLD": "0.6"},
                           flags=["briefs.max_quotes=3", "grouping.event_threshold=0.45"])
    assert tree["grouping"]["event_threshold"] == 0.45 and tree["grouping"]["story_threshold"] == 0.6
    assert tree["briefs"]["max_quotes"] == 3 and tree["grouping"]["event_max_days"] == 7
    assert tree["grouping"]["event_weights"] == {"text": 0.5, "lead": 0.30, "entities": 0.20, "title": 0.15}
    for bad, said in ((["grouping.event_thresold=0.3"], "no setting 'grouping.event_thresold'"),
                      (["grouping.event_max_days=1.5"], "is a whole number"),
                      (["event_threshold=0.3"], "section.name=value")):
        with pytest.raises(SvodkaError, match=said):
            config.settings(flags=bad)


def test_a_stricter_threshold_given_on_the_command_line_splits_the_example_into_more_events(tmp_path):
    def events(*flags):
        out = tmp_path / f"o{len(flags)}"
        result = runner.invoke(app, ["run", str(EXAMPLES), "--out", str(out), "--db", str(out / "s.db"), "-q", *flags])
        assert result.exit_code == 0, result.output
        stories = json.loads((out / "stories.json").read_text(encoding="utf-8"))["stories"]
        return sum(len(s["events"]) for s in stories)

    try:
        default, strict = events(), events("--set", "grouping.event_threshold=0.95")
        assert strict > default
        assert scoring.EVENT_THRESHOLD == 0.95  # what the stages read during that run
        events()  # a run without the flag reads the defaults again
        assert scoring.EVENT_THRESHOLD == config.default("grouping", "event_threshold")
    finally:
        config.apply(config.settings())
