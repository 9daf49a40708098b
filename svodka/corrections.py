"""A person's corrections: stories merged or split by hand, logged in the store and kept by later
runs (the clusterer replays them: an event a person placed never moves to another story)."""
from __future__ import annotations

from svodka.cluster.groups import stable_id
from svodka.errors import NotFound, SvodkaError
from svodka.pipeline import refresh_briefs
from svodka.store import SqliteStore


def merge_stories(store: SqliteStore, story_id: str, other: str) -> int:
    """Move every event of ``other`` into ``story_id`` (a person's correction)."""
    for sid in (story_id, other):
        if not store.events_of_story(sid):
            raise NotFound(f"no story '{sid}'")
    moved = store.move_events(store.events_of_story(other), story_id, "merge", {"into": story_id, "from": other})
    refresh_briefs(store, {story_id, other})
    return moved


def split_story(store: SqliteStore, story_id: str, event_ids: list[str]) -> str:
    """Move the given events of a story into a new story; return its id."""
    events = store.events_of_story(story_id)
    if not events:
        raise NotFound(f"no story '{story_id}'")
    unknown = [e for e in event_ids if e not in events]
    if unknown or not event_ids or len(event_ids) == len(events):
        raise SvodkaError(f"split needs some, not all, of the story's events {events}; got {event_ids}")
    new_id = stable_id("s", "split:" + story_id + ":" + ",".join(sorted(event_ids)))
    store.move_events(event_ids, new_id, "split", {"from": story_id, "events": event_ids, "into": new_id})
    refresh_briefs(store, {story_id, new_id})
    return new_id
