"""The clusterer's decisions in words (`svodka explain`): what a pair's scores and each article's
stored placement say, worded here, beside the arithmetic, so that no shell rewords it."""
from __future__ import annotations

from svodka.cluster import scoring
from svodka.cluster.groups import stable_id
from svodka.cluster.scoring import TITLE_DAYS_APART


def opened(parts: dict, kind: str, group: str, article_id: str) -> bool:
    """Whether the article opened the ``kind`` ("event" or "story") it was placed in, as the
    clusterer decided it; for a store written before decisions were kept, read from the id the
    clusterer gives a group an article opens."""
    decision = parts.get(f"new_{kind}")
    return group == stable_id(kind[0], article_id) if decision is None else bool(decision)


def said(rec: dict) -> list[str]:
    """The lines of `svodka explain` for an explain record (pipeline.explain_pair's)."""
    a, b = rec["articles"]
    out: list[str] = []
    p = out.append
    p(f"{a} and {b}: {'same event' if rec['same_event'] else 'different events'}, "
      f"{'same story' if rec['same_story'] else 'different stories'}")
    pair = rec["pair"]
    p(f"event score {rec['event_score']:.3f} (joins at >= {rec['event_threshold']}): text {pair['text']:.3f}, "
      f"lead {pair['lead']:.3f}, entities {pair['entities']:.3f}, title {pair['title']:.3f}"
      + (f", embedding cosine {pair['embedding']:.3f}" if "embedding" in pair else "")
      + (" (a headline, a title without text, in the pair: weighed as such)" if rec["headlines"] else ""))
    if rec["days_apart"] is not None and rec["days_apart"] > rec["event_max_days"]:
        p(f"{rec['days_apart']} days apart: more than the {rec['event_max_days']} days one event spans "
          f"from its first report, so never one event")
    elif rec["days_apart"] is not None:
        p(f"{rec['days_apart']} days apart (one event spans {rec['event_max_days']} days from its first report)")
    if "mentioned_days_apart" in pair:
        p(f"both undated, and the latest days their texts name are {pair['mentioned_days_apart']:.0f} days apart "
          f"(more than {rec['mention_max_days']}): the event score is taken x{rec['mention_penalty']}")
    if "series_apart" in pair:
        p(f"titles alike but for the days they name, {pair['title_days_apart']:.0f} days apart: a series, "
          f"one event a day (event score 0)")
    elif "title_days_apart" in pair:
        p(f"the titles name days {pair['title_days_apart']:.0f} days apart (more than {TITLE_DAYS_APART}): "
          f"two happenings (event score 0)")
    if "kinds_apart" in pair:
        p(f"{a} reports a {rec['kinds'][a]}, {b} a {rec['kinds'][b]}: two happenings (event score 0)")
    if "places_apart" in pair:
        p(f"{a}'s title names {', '.join(rec['places'][a])}, {b}'s {', '.join(rec['places'][b])}, and neither text "
          f"names the other's: two happenings (event score 0), no reprint")
    for art, recap in rec["recap"].items():
        if recap:
            p(f"{art} recounts several happenings (a background piece): it merges no events")
    p(f"story score {rec['story_score']:.3f} (joins at >= {rec['story_threshold']})")
    if "series_apart" in rec["story_parts"]:
        p("a series is no story: the titles are alike but for their days (story score 0)")
    elif "words_apart" in rec["story_parts"]:
        p(f"the texts share few words (cosine {rec['story_parts']['text']:.3f}, under {rec['story_text_floor']}): "
          f"names alone make no story (story score 0)")
    elif "topic_apart" in rec["story_parts"]:
        p(f"the texts share a topic's words but their word score is under {scoring.STORY_EVENT_FLOOR}: a topic is no "
          f"story (story score 0)")
    p("shared entities: " + (", ".join(rec["shared_entities"]) or "none"))
    p("shared strong words: " + (", ".join(rec["shared_terms"]) or "none"))
    for art, d in rec["assignments"].items():
        out += _placement(rec, art, d) if d else [f"{art}: not grouped yet (run `svodka run` to place it)"]
    return out


def _placement(rec: dict, art: str, d: dict) -> list[str]:
    """How one article was placed, and what happened to its event since (merges, a cut)."""
    out: list[str] = []
    p = out.append
    placed, parts = d["placed_in"], d["parts"]
    if opened(parts, "event", placed, art):
        story = parts.get("placed_in_story", d["story"])
        p(f"{art}: opened event {placed}" + _nearest_event(d, rec["event_threshold"])
          + (f"; opened story {story}" + _nearest_story(d, rec["story_threshold"])
             if opened(parts, "story", story, art)
             else f"; joined story {story} with story score {d['story_score']:.3f}")
          + (f" (now in story {d['story']})" if story != d["story"] else ""))
    else:
        p(f"{art}: joined event {placed} (story {d['story']}) with event score {d['event_score']:.3f}"
          + (f", as a reprint of {rec['reprint_of'][art]}"
             if d["parts"].get("duplicate") and rec["reprint_of"][art] else _how_scored(d["parts"], ", ")))
    if d["parts"].get("merged_events"):
        p(f"  {art} came in close to {', '.join(d['parts']['merged_events'])} too, which scored at least "
          f"{rec['event_threshold']} against its event: merged into it")
    for m in d.get("merges", ()):
        p(f"  event {m['event']} was merged into {m['into']} when {m['by']} came in close to both and "
          f"the two scored at least {rec['event_threshold']} against each other")
    if d["parts"].get("first_report_of"):
        p(f"  {art} came in after {', '.join(d['parts']['first_report_of'])}, which repeat it, but was written "
          f"before them: it is credited as the first report")
    if d.get("split"):
        cut = d["split"]
        p(f"  event {cut['clustered_event']} held two happenings and was cut in two; {art} is in {d['event']}: "
          f"mean score between the two sides {cut['between']:.3f}, within them {cut['within_kept']:.3f} and "
          f"{cut['within_apart']:.3f} (cut when between < {cut['ratio']} x the lower)")
    return out


def _how_scored(parts: dict, lead: str) -> str:
    """What an article's event score was made of, beyond its parts: how many of the event's members
    it was compared with, and the rule on undated texts naming days weeks apart."""
    n, k = parts.get("members"), parts.get("closest")
    said = [f"the mean of its {k:.0f} closest of the {n:.0f} members it was compared with"] if n and k and n > 1 else []
    if "mentioned_days_apart" in parts:
        said.append(f"undated texts naming days {parts['mentioned_days_apart']:.0f} days apart, x{scoring.MENTION_PENALTY}")
    if "kinds_apart" in parts:
        said.append(f"{parts['kinds_apart']:.0f} of them reporting another kind of contact (a call, a meeting), scored 0")
    if "places_apart" in parts:
        said.append(f"{parts['places_apart']:.0f} of them titled with places its text never names, and it with none "
                    f"they name, scored 0")
    return lead + "; ".join(said) if said else ""


def _nearest_event(d: dict, threshold: float) -> str:
    """Why an article opened an event: the best event score it got, under the threshold."""
    parts = d["parts"]
    if not d["event_score"]:
        return " (no earlier event scored above 0 against it)"
    name = f", {parts['closest_event']}," if parts.get("closest_event") else ""
    how = _how_scored(parts, "")
    return (f": the nearest event{name} scored {d['event_score']:.3f} against it, under {threshold}"
            + (f" ({how})" if how else ""))


def _nearest_story(d: dict, threshold: float) -> str:
    """Why an event's first article opened a story: the best story score it got."""
    apart = d["parts"].get("closest_story_apart")
    if not d["story_score"] and apart:
        why = {"series": "holds a report whose title its title repeats for another day (a series is no story)",
               "words": "shares names with it but too few words (names alone make no story)",
               "places": "names none of the places its title names, nor it the story's",
               "topic": "shares its topic's words but comes close to none of its events (a topic is no story)"}[apart]
        return f": the nearest story, {d['parts']['closest_story']}, {why}"
    if not d["story_score"]:
        return " (no earlier story scored above 0 against it)"
    name = f", {d['parts']['closest_story']}," if d["parts"].get("closest_story") else ""
    return f": the nearest story{name} scored {d['story_score']:.3f} against it, under {threshold}"
