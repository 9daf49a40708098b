"""Each hand rule of the grouping, on and off, through the product on halves it can be judged on
(issue 32: a rule stays only if it helps a half it was not tuned on).

    python -m eval.rules                 # every rule (5 minutes of runs, then 40 s a rule, 2 cores)
    python -m eval.rules kinds recap     # the named ones only
    python -m eval.rules --set grouping.story_threshold=0.4 --set grouping.story_threshold=0.45

For each rule, with the rule as shipped and switched off: ECB+ through `svodka run` (file order)
by odd and even topics (eval.clustering --run), the tgcontest pairs through one run by the two
halves of their first pages' sites (eval.pairs --run, Russian; English whole) and the Russian
pairs' stories (a pair labelled the same in one story), and the wrong joins in the pile of
unrelated news (eval.pile --run, seed 0), in one event and in one story. The switch is made in
this process, where `svodka run`'s grouping runs (the page stages in workers do not read these
constants). Each set's file goes through `svodka run` (Engine.run) once; every setting then groups
a copy of that store anew with the run's own grouping stage (svodka.pipeline.cluster), which is
all a switch changes: "as shipped" is grouped so too, and equals the run's own groups.
"""
from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from contextlib import contextmanager
from importlib import import_module
from pathlib import Path

from eval import clustering, pairs, pile
from eval.common import PRODUCT, run_file
from svodka.errors import SvodkaError
from svodka.pipeline import RunReport, cluster
from svodka.store import SqliteStore

# name -> (what it does, the module constants that switch it off, with their off values)
RULES: dict[str, tuple[str, dict[str, object]]] = {
    "window": ("an event's reports are published within a week of its first",
               {"svodka.cluster.scoring.EVENT_MAX_DAYS": 10 ** 6}),
    "kinds": ("a call and a meeting are two happenings",
              {"svodka.cluster.features.KINDS": {}}),
    "recap": ("a background piece decides no join but its own",
              {"svodka.cluster.features.RECAP_DAYS": 10 ** 6}),
    "places": ("two titles naming places the other article never names report two happenings",
               {"svodka.cluster.scoring.PLACES_APART": False}),
    "story-places": ("an article and a story whose titles name places the other never names stay apart",
                     {"svodka.cluster.scoring.STORY_PLACES": False}),
    "story-words": ("an article joins a story only when it shares its words, not names alone",
                    {"svodka.cluster.scoring.STORY_TEXT_FLOOR": 0.0}),
    "story-series": ("a series (titles alike but for their days) is no story",
                     {"svodka.cluster.scoring.STORY_SERIES": False}),
    "story-topic": ("an article joins a story only when near one of its events (a topic is no story)",
                    {"svodka.cluster.scoring.STORY_EVENT_FLOOR": 0.0}),
    "title-days": ("two titles naming days apart report two happenings",
                   {"svodka.cluster.scoring.SERIES_TITLE": 10.0, "svodka.cluster.scoring.TITLE_DAYS_APART": 10 ** 6}),
    "mentions": ("undated texts naming days weeks apart score less",
                 {"svodka.cluster.scoring.MENTION_PENALTY": 1.0}),
    "event-entity-mass": ("an event's entity overlap over at least a person's weight",
                          {"svodka.cluster.scoring.EVENT_ENTITY_MASS": 0.0}),
    "story-entity-mass": ("a story's entity overlap over at least two people's weight",
                          {"svodka.cluster.scoring.STORY_ENTITY_MASS": 0.0}),
    "closest": ("an event scores as the mean of its two closest members",
                {"svodka.cluster.scoring.LINKAGE_CLOSEST": 10 ** 6}),
    "merge": ("an article close to two events merges them when they match",
              {"svodka.cluster.online.MERGE_REACH": 10.0 ** 6}),
    "cut": ("an event holding two happenings is cut in two",
            {"svodka.cluster.split.SPLIT_MIN_MEMBERS": 10 ** 9}),
}


@contextmanager
def switched(patches: dict[str, object]):
    """The constants set to the given values for the block, then put back."""
    saved = []
    for path, value in patches.items():
        module, _, attr = path.rpartition(".")
        target = import_module(module)
        saved.append((target, attr, getattr(target, attr)))
        setattr(target, attr, value)
    try:
        yield
    finally:
        for target, attr, value in reversed(saved):
            setattr(target, attr, value)


class Regrouped:
    """`run_records` for the scorers: a set's records through Engine.run the first time, kept;
    each later call groups a copy of that store again (the records must be the same)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.runs: dict[str, tuple[list[dict], Path]] = {}

    def __call__(self, records: list[dict], embedder=PRODUCT, name: str = "input") -> tuple[dict, str]:
        if name not in self.runs:
            self.runs[name] = (records, run_file(records, self.folder, name, embedder)[0])
        kept, db = self.runs[name]
        if kept != records:
            raise ValueError(f"{name}: the records changed between settings; regrouping needs the same file")
        copy = self.folder / f"{name}.regrouped.db"
        shutil.copyfile(db, copy)
        with SqliteStore(copy) as store:
            with store.db:
                store.db.execute("DELETE FROM assignments")
                store.db.execute("DELETE FROM happenings")
            store.drop_cluster_state()
            report = RunReport()
            cluster(store, report)
            return store.assignments(), f"{report.assigned} regrouped"


@contextmanager
def regrouping():
    """The scorers' `run_records` replaced by a Regrouped one for the block."""
    with tempfile.TemporaryDirectory() as tmp:
        runner = Regrouped(Path(tmp))
        with switched({f"eval.{m}.run_records": runner for m in ("clustering", "pairs", "pile")}):
            yield


def measure() -> dict[str, float]:
    """The figures one setting gives: ECB+ halves, tgcontest pair halves, pile wrong joins."""
    rows = clustering.load()
    gold = {r["doc_id"]: r["cluster_id"] for r in rows}
    topic = {r["doc_id"]: r["topic"] for r in rows}
    events, _, _ = clustering.run_product(rows, None)
    out = {f"ecb+ {name}": clustering.bcubed({d: e for d, e in events.items() if topic[d] % 2 == h},
                                             {d: g for d, g in gold.items() if topic[d] % 2 == h})[2]
           for name, h in (("odd", 1), ("even", 0))}
    pair_rows = pairs.load_pairs()
    prs = pairs.run_report(pair_rows)
    out.update({"pairs ru site 0": prs["ru", "0"][2], "pairs ru site 1": prs["ru", "1"][2],
                "pairs en": prs["en", "all"][2]})
    out["pairs ru story"] = prs["ru", "story"][2]
    pile_rows = pile.load()
    events, stories = pile.product(pile_rows, 0)
    out["pile wrong joins"] = float(pile.counts(events, pile_rows)[0])
    out["pile story joins"] = float(pile.counts(stories, pile_rows)[0])
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("rules", nargs="*", help=f"the rules to switch off (default: all): {', '.join(RULES)}")
    ap.add_argument("--set", action="append", default=[], metavar="S.NAME=VALUE",
                    help="instead of switching rules off, measure a setting at each value given, as svodka "
                         "run --set takes it (e.g. --set grouping.story_threshold=0.4, repeatable)")
    args = ap.parse_args(argv)
    if unknown := [r for r in args.rules if r not in RULES]:
        ap.error(f"no rule {', '.join(unknown)} (there are {', '.join(RULES)})")
    try:
        trials = [(f"with {flag}", "", setting(flag)) for flag in args.set]
    except SvodkaError as exc:
        ap.error(str(exc))
    with regrouping():
        return _compare(trials or [(f"without {n}", f" ({RULES[n][0]})", RULES[n][1]) for n in args.rules or RULES])


def setting(flag: str) -> dict[str, object]:
    """The module constant a `--set section.name=value` flag sets, with its value."""
    from svodka.config import BINDINGS, settings

    tree = settings(flags=[flag])  # an unknown name or a value of another type says so
    section, _, name = flag.partition("=")[0].strip().partition(".")
    module, attr = BINDINGS[(section, name)]
    return {f"{module}.{attr}": tree[section][name]}


def _compare(trials: list[tuple[str, str, dict[str, object]]]) -> int:
    shipped = measure()
    print("as shipped: " + "  ".join(f"{k} {v:.3f}" for k, v in shipped.items()), flush=True)
    for name, what, patches in trials:
        with switched(patches):
            off = measure()
        print(f"{name}{what}: " + "  ".join(
            f"{k} {off[k]:.3f} ({off[k] - shipped[k]:+.3f})" for k in shipped), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
