"""Checks the iCalendar feed with independent parsers: the feed must parse (icalendar)
and expand (recurring_ical_events) to exactly the dates the JSON API lists.

usage: ical_check.py BASE_URL FROM TO [QUERY]
"""
import datetime as dt
import json
import sys
import urllib.request

import icalendar
import recurring_ical_events


def fetch(url):
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read()


def main():
    base, first, last = sys.argv[1], sys.argv[2], sys.argv[3]
    query = sys.argv[4] if len(sys.argv) > 4 else ""
    feed = icalendar.Calendar.from_ical(fetch(f"{base}/feeds/calendar.ics?{query}"))
    assert feed.get("VERSION") == "2.0", "VERSION:2.0"
    assert any(c.name == "VTIMEZONE" for c in feed.walk()), "a VTIMEZONE"
    start = dt.date.fromisoformat(first)
    end = dt.date.fromisoformat(last) + dt.timedelta(days=1)
    from_feed = set()
    for event in recurring_ical_events.of(feed).between(start, end):
        if str(event.get("STATUS", "")) == "CANCELLED":
            continue
        begins = event["DTSTART"].dt.astimezone(dt.timezone.utc)
        from_feed.add((begins.isoformat(), str(event["SUMMARY"])))
    api = json.loads(fetch(f"{base}/api/v1/events?from={first}&to={last}&{query}"))
    from_api = set()
    for event in api["events"]:
        if event["status"] == "cancelled":
            continue
        begins = dt.datetime.fromisoformat(event["start"]).astimezone(dt.timezone.utc)
        if begins.date() < start or begins.date() >= end:
            continue
        from_api.add((begins.isoformat(), event["title"]))
    only_feed = sorted(from_feed - from_api)
    only_api = sorted(from_api - from_feed)
    if only_feed or only_api:
        print("only in the feed:", only_feed[:10])
        print("only in the API:", only_api[:10])
        sys.exit(1)
    print(f"ok: {len(from_feed)} dates agree")


if __name__ == "__main__":
    main()
