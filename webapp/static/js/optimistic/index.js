// What the phone knows before the server does. Screens are rendered by the server; offline, the phone adds
// what its own queue says on top of the last server version: sign-ups, the rotation choice, boarding,
// arrivals, attendance and payouts.
import { mine } from "../outbox.js";
import { QUEUE, all, isWrite } from "../queue/store.js";
import { tally } from "./floor.js";
import { payReadiness } from "./pay.js";
import { restorePending } from "./pending.js";
import { describePeople, offlinePeople } from "./people.js";
import { describeRider, offlineArrival, offlineRound, offlineStopCounts } from "./round.js";

// What a queued write means for the other screens: who it is about, their rank, who was present.
export function describe(elt, params, entry) {
  const form = elt.tagName === "FORM" ? elt : (elt.form || elt.closest("form") || elt);
  describeRider(elt, form, params, entry);
  describePeople(elt, form, params, entry);
}

export function showOffline() {
  return all(QUEUE).then((entries) => {
    const waiting = mine(entries).filter(isWrite);
    offlineRound(waiting);
    offlineStopCounts(waiting);
    offlineArrival(waiting);
    offlinePeople(waiting);
    restorePending(waiting);
    tally();
    payReadiness();
  });
}
