// Reads iCalendar files on stdin (one, or several one after another) and prints each
// event as ical.js understands it: UID, start and end as UTC instants (ISO 8601), SEQUENCE
// and LAST-MODIFIED, as JSON. Each file's times are read through its own VTIMEZONE.
import ICAL from "ical.js";

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const parsed = ICAL.parse(Buffer.concat(chunks).toString("utf8"));
const calendars = (typeof parsed[0] === "string" ? [parsed] : parsed).map(
  (jcal) => new ICAL.Component(jcal),
);

const utc = (time) => (time ? new Date(time.toUnixTime() * 1000).toISOString() : null);

// A time with a TZID must be read through the file's own VTIMEZONE; ical.js would
// otherwise read it as floating time, and the check would pass for the wrong reason.
function zoned(component, name) {
  const property = component.getFirstProperty(name);
  const tzid = property.getParameter("tzid");
  const time = property.getFirstValue();
  if (tzid && time.zone?.tzid !== tzid) {
    throw new Error(`${name} names ${tzid}, which the file does not define`);
  }
  return time;
}
const components = calendars.flatMap((calendar) => calendar.getAllSubcomponents("vevent"));
const events = components.map((component) => {
  const event = new ICAL.Event(component);
  return {
    uid: event.uid,
    start: utc(zoned(component, "dtstart")),
    end: utc(zoned(component, "dtend")),
    sequence: event.sequence,
    last_modified: utc(component.getFirstPropertyValue("last-modified")),
  };
});
process.stdout.write(JSON.stringify(events));
